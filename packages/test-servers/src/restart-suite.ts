import { isTokenStoreError, type StoredToken, type TokenStore } from '@tokenstore/core';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RestartableServer } from './restartable-server.js';

/** What {@link describeServerRestarts} restarts and how it opens a store there. */
export interface ServerRestarts {
  /** The server's name in test titles and logs (`postgres`). */
  readonly label: string;
  /** The env variable that names an external server, which the test cannot restart (`POSTGRES_URL`). */
  readonly envVar: string;
  /** Starts the server this test kills and restarts. */
  readonly start: () => Promise<RestartableServer>;
  /** A store on the server at `url`, on a fresh namespace. */
  readonly open: (url: string) => TokenStore;
}

/** Saves distinct tokens one after another until stopped, recording what resolved and what failed. */
function saveLoop(store: TokenStore) {
  const resolved: StoredToken[] = [];
  const failures: unknown[] = [];
  /** Users whose save failed: it may still have committed (the answer was lost in the crash). */
  const uncertain = new Set<string>();
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      try {
        // Every third save updates an earlier token (versions climb), the others insert.
        const token =
          i % 3 === 2
            ? { userName: `loop-${i - 2}`, accessToken: `a-${i}` }
            : { userName: `loop-${i}`, accessToken: `a-${i}` };
        resolved.push(await store.saveToken(token));
      } catch (error) {
        failures.push(error);
        uncertain.add(`loop-${i % 3 === 2 ? i - 2 : i}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  })();
  return {
    resolved,
    failures,
    uncertain,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Polls `work` until it resolves, within `ms`. */
async function eventually<T>(work: () => Promise<T>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The last resolved save of each token: what the store must hold after the restarts. */
function latest(saved: readonly StoredToken[]): StoredToken[] {
  const byId = new Map<string, StoredToken>();
  for (const token of saved) byId.set(token.id, token);
  return [...byId.values()];
}

/**
 * Registers the server-restart test of a store: a stream of saves while the server is SIGKILLed
 * and restarted, then restarted again mid-stream. Calls while it is down reject with
 * `STORE_UNAVAILABLE`, saves resume after each restart, and every acknowledged save is there
 * afterwards (one whose later save failed is never older). Skipped only when `envVar` names an
 * external server, which the test cannot restart.
 */
export function describeServerRestarts(options: ServerRestarts): void {
  const { label, envVar } = options;
  const external = process.env[envVar] !== undefined && process.env[envVar] !== '';
  let server: RestartableServer | undefined;
  afterAll(() => server?.stop());
  describe.skipIf(external)(
    `server restarts (skipped only when ${envVar} names a server the test cannot restart)`,
    () => {
      it('rejects with STORE_UNAVAILABLE while the server is down, recovers, and keeps every acknowledged save', async () => {
        server = await options.start();
        const store = options.open(server.url);
        onTestFinished(() => store.close());
        const loop = saveLoop(store);
        await eventually(async () => expect(loop.resolved.length).toBeGreaterThan(20), 60_000);

        // A crash: SIGKILL with saves in flight, then calls while it is down.
        await server.kill();
        const started = Date.now();
        const [find, save] = await Promise.allSettled([
          store.findTokenById('anything'),
          store.saveToken({ userName: 'during-downtime', accessToken: 'x' }),
        ]);
        const rejectedAfter = Date.now() - started;
        for (const outcome of [find, save]) {
          expect(outcome.status).toBe('rejected');
          if (outcome.status === 'rejected')
            expect(outcome.reason).toMatchObject({ code: 'STORE_UNAVAILABLE' });
        }
        console.info(`${label}: calls during downtime rejected after ${rejectedAfter} ms`);

        await server.restart();
        const restarted = Date.now();
        const countBefore = loop.resolved.length;
        await eventually(
          async () => expect(loop.resolved.length).toBeGreaterThan(countBefore + 10),
          60_000,
        );
        console.info(`${label}: saves resumed within ${Date.now() - restarted} ms of the restart`);

        // A restart (SIGTERM: the server's own shutdown) mid-stream, clients connected, saves in flight.
        await server.restart();
        const countMid = loop.resolved.length;
        await eventually(
          async () => expect(loop.resolved.length).toBeGreaterThan(countMid + 10),
          60_000,
        );
        await loop.stop();
        console.info(
          `${label}: ${loop.resolved.length} saves resolved, ${loop.failures.length} rejected`,
        );

        for (const failure of loop.failures) {
          expect(isTokenStoreError(failure, 'STORE_UNAVAILABLE')).toBe(true);
        }
        for (const saved of latest(loop.resolved)) {
          const stored = await store.findTokenById(saved.id);
          if (loop.uncertain.has(saved.userName ?? '')) {
            // A later save of this token failed after it may have committed: never older, though.
            expect(stored?.version).toBeGreaterThanOrEqual(saved.version);
          } else {
            expect(stored).toEqual(saved);
          }
        }
        const stored = await store.getTokens();
        expect(stored.length).toBeGreaterThanOrEqual(latest(loop.resolved).length);
      }, 240_000);
    },
  );
}
