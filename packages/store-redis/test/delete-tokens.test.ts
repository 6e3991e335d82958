import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { KeyLayout, RedisBackend, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

const server = serverForFile(() => startRedis());

/** A namespace of `count` tokens, saved 500 at a time. */
async function seed(prefix: string, count: number): Promise<void> {
  const store = new RedisTokenStore({ url: server().url, prefix });
  for (let at = 0; at < count; at += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - at) }, (_, i) =>
        store.saveToken({ userName: `u${at + i}`, accessToken: `a${at + i}` }),
      ),
    );
  }
  await store.close();
}

async function recordsLeft(prefix: string): Promise<number> {
  const raw = new Redis(server().url);
  try {
    return await raw.zcard(`{${prefix}}ids`);
  } finally {
    raw.disconnect();
  }
}

describe('deleteTokens() of a large namespace', () => {
  it('reports progress after every batch', async () => {
    const prefix = randomPrefix();
    await seed(prefix, 2_600);
    const client = new Redis(server().url);
    const backend = new RedisBackend({ client, owned: false }, new KeyLayout(prefix));
    let progress = 0;
    await backend.clear({ progress: () => progress++ });
    client.disconnect();
    expect(progress).toBe(6); // batches of 500
    expect(await recordsLeft(prefix)).toBe(0);
  }, 60_000);

  it('deletes no further batch once core has given up on the call', async () => {
    const prefix = randomPrefix();
    await seed(prefix, 2_600);
    const client = new Redis(server().url);
    const backend = new RedisBackend({ client, owned: false }, new KeyLayout(prefix));
    const controller = new AbortController();
    const reason = new Error('timed out');
    let progress = 0;
    const cleared = backend.clear({
      signal: controller.signal,
      progress: () => {
        // Core gives up on the call (its timeout passed) during the first batch.
        if (++progress === 1) controller.abort(reason);
      },
    });
    await expect(cleared).rejects.toBe(reason);
    // The batch running when core gave up completes; no batch starts after it.
    expect(progress).toBe(1);
    expect(await recordsLeft(prefix)).toBe(2_600 - 500);
    client.disconnect();
  }, 60_000);

  it('clears a namespace that takes many times operationTimeoutMs, and no token saved after', async () => {
    const prefix = randomPrefix();
    await seed(prefix, 20_000);
    const store = new RedisTokenStore({ url: server().url, prefix, operationTimeoutMs: 100 });
    // 40 batches: many times 100 ms in all (before progress, this call timed out).
    await store.deleteTokens();
    expect(await recordsLeft(prefix)).toBe(0);
    const saved = await store.saveToken({ userName: 'after', accessToken: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.findTokenById(saved.id)).toMatchObject({ userName: 'after' });
    await store.close();
  }, 120_000);
});
