import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();

// ioredis's keyPrefix rewrites the keys a command names, not the keys the store's scripts
// derive or SCAN patterns: a store on such a client lost the token it had just saved. It is
// refused in the constructor, wherever it comes from.
describe('an ioredis keyPrefix', () => {
  it('in the redis options, in a URL, or on a caller’s client is refused with a TypeError', async () => {
    const prefix = randomPrefix();
    expect(
      () => new RedisTokenStore({ url: redis.server.url, redis: { keyPrefix: 'app:' }, prefix }),
    ).toThrow(/keyPrefix/);
    expect(
      () => new RedisTokenStore({ url: `${redis.server.url}?keyPrefix=app:`, prefix }),
    ).toThrow(TypeError);
    const client = new Redis(redis.server.url, { keyPrefix: 'app:' });
    try {
      expect(() => new RedisTokenStore({ client, prefix })).toThrow(/duplicate/);
      expect(await client.ping()).toBe('PONG'); // the caller's client is left alone
      const plain = client.duplicate({ keyPrefix: '' });
      const store = new RedisTokenStore({ client: plain, prefix });
      const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
      expect(await store.findToken({ userName: 'u' })).toEqual(saved);
      await store.close();
      plain.disconnect();
    } finally {
      client.disconnect();
    }
  });
});
