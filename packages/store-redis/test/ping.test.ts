import { startRedis } from '@tokenstore/test-servers';
import { describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

describe('ping', () => {
  it('resolves while redis-server runs, STORE_UNAVAILABLE once it is stopped, STORE_CLOSED once closed', async () => {
    const server = await startRedis();
    if (server.external) throw new Error('this test stops its own redis-server: unset REDIS_URL');
    const store = new RedisTokenStore({ url: server.url, prefix: randomPrefix() });
    try {
      await expect(store.ping()).resolves.toBeUndefined();
      await server.stop();
      const failure = await store.ping().catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } finally {
      await server.stop();
      await store.close();
    }
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
