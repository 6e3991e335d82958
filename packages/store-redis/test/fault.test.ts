import { setTimeout as sleep } from 'node:timers/promises';
import { isTokenStoreError, type StoredToken } from '@tokenstore/core';
import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describe, expect, it } from 'vitest';
import { RedisDriverError, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

// A stream of saves against a server with appendfsync always; the server is killed (SIGKILL)
// mid-stream and started again. Calls while it is down must fail as STORE_UNAVAILABLE, fast, from
// the driver (not from core's backstop timeout); later calls must succeed; and every save that
// resolved must be there afterwards.

const BACKSTOP_MS = 20_000;
const WORKERS = 3;
const USERS = 20;

const server = serverForFile(async () => {
  const started = await startRedis({ appendonly: true, appendfsync: 'always' });
  if (started.external) {
    throw new Error('the fault test kills and restarts its own redis-server: unset REDIS_URL');
  }
  return started;
});

interface Outcome {
  readonly resolved: Map<string, number>; // id -> highest version a save resolved with
  readonly failures: unknown[];
  succeeded: number;
}

/** One writer: saves random users' tokens until told to stop. */
async function writer(store: RedisTokenStore, outcome: Outcome, stop: () => boolean) {
  for (let n = 0; !stop(); n++) {
    const user = Math.floor(Math.random() * USERS);
    // Every tenth save is a new token (an insert), the rest update one of a few users.
    const token =
      n % 10 === 0
        ? { accessToken: `fresh-${Math.random()}` }
        : { userName: `user-${user}`, accessToken: `at-${user}-${Math.random()}` };
    try {
      const saved: StoredToken = await store.saveToken(token);
      outcome.succeeded++;
      const before = outcome.resolved.get(saved.id) ?? 0;
      outcome.resolved.set(saved.id, Math.max(before, saved.version));
    } catch (error) {
      outcome.failures.push(error);
      await sleep(10); // do not spin while the server is down
    }
  }
}

async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

/** Resolves once `condition` holds, checking every 50 ms, or throws after `ms`. */
async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('redis-server killed and restarted mid-stream', () => {
  it('fails fast while down, recovers, and keeps every resolved save', async () => {
    const store = new RedisTokenStore({
      url: server().url,
      prefix: randomPrefix(),
      operationTimeoutMs: BACKSTOP_MS,
    });
    const outcome: Outcome = { resolved: new Map(), failures: [], succeeded: 0 };
    let stopped = false;
    const workers = Array.from({ length: WORKERS }, () => writer(store, outcome, () => stopped));

    await until(() => outcome.succeeded >= 100, 20_000, '100 saves before the kill');
    await server().kill();

    const down = [
      await timed(() => store.saveToken({ userName: 'while-down', accessToken: 'x' })),
      await timed(() => store.findToken({ userName: 'user-1' })),
      await timed(() => store.findTokenById('some-id')),
      await timed(() => store.getTokens()),
      await timed(() => store.deleteToken('some-id')),
    ];
    for (const { error } of down) {
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      // The driver gave up (fail-fast options), not core's backstop timeout.
      expect((error as Error).cause).toBeInstanceOf(RedisDriverError);
    }

    const restartedAt = performance.now();
    const succeededBeforeRestart = outcome.succeeded;
    await server().restart();
    await until(
      () => outcome.succeeded > succeededBeforeRestart,
      BACKSTOP_MS,
      'a save to succeed after the restart',
    );
    const recoveryMs = performance.now() - restartedAt;
    await until(() => outcome.succeeded >= succeededBeforeRestart + 100, 20_000, '100 more saves');
    stopped = true;
    await Promise.all(workers);

    for (const failure of outcome.failures) {
      expect(isTokenStoreError(failure, 'STORE_UNAVAILABLE')).toBe(true);
    }
    // Every save that resolved survived the SIGKILL (appendfsync always): present, and at
    // least at the version it resolved with.
    for (const [id, version] of outcome.resolved) {
      const stored = await store.findTokenById(id);
      expect(stored?.version ?? 0).toBeGreaterThanOrEqual(version);
    }
    expect(outcome.resolved.size).toBeGreaterThan(USERS / 2);

    console.info(
      `redis fault test: calls while down rejected after ${down.map((d) => Math.round(d.ms)).join(', ')} ms; ` +
        `first save ${Math.round(recoveryMs)} ms after restart() began; ` +
        `${outcome.succeeded} saves resolved, ${outcome.failures.length} failed (STORE_UNAVAILABLE)`,
    );
    await store.close();
  }, 120_000);
});
