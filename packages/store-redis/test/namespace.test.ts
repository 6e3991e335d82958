import { describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();

describe('namespaces', () => {
  it('deleteTokens removes only its own prefix, sparing unrelated keys and other prefixes', async () => {
    const prefix = randomPrefix();
    const mine = new RedisTokenStore({ url: redis.server.url, prefix });
    const other = new RedisTokenStore({ url: redis.server.url, prefix: randomPrefix() });
    // Keys that merely look like ours: the bare prefix text, and a key under our hash tag that
    // no record put there.
    const unrelated = {
      plain: `unrelated:${prefix}`,
      barePrefix: `${prefix}r:something`,
      sameTag: `{${prefix}}user-key`,
    };
    for (const key of Object.values(unrelated)) await redis.raw.set(key, 'keep');
    await redis.raw.zadd('unrelated:zset', 0, 'a');

    for (let i = 0; i < 620; i++)
      await mine.saveToken({ accessToken: `mine-${i}`, userName: `u${i}` });
    const kept = await other.saveToken({ accessToken: 'other', userName: 'u0' });

    await mine.deleteTokens();

    expect(await mine.getTokens()).toEqual([]);
    expect(await mine.findToken({ userName: 'u1' })).toBeNull();
    expect(await other.getTokens()).toEqual([kept]);
    for (const key of Object.values(unrelated)) expect(await redis.raw.get(key)).toBe('keep');
    expect(await redis.raw.zcard('unrelated:zset')).toBe(1);
    expect((await redis.raw.keys(`{${prefix}}*`)).sort()).toEqual([unrelated.sameTag]);

    await mine.close();
    await other.close();
  });

  it('two stores with one prefix share tokens; with two prefixes they share none', async () => {
    const prefix = randomPrefix();
    const a = new RedisTokenStore({ url: redis.server.url, prefix });
    const b = new RedisTokenStore({ url: redis.server.url, prefix });
    const c = new RedisTokenStore({ url: redis.server.url, prefix: randomPrefix() });
    const saved = await a.saveToken({ userName: 'same', accessToken: 'x' });
    expect(await b.findToken({ userName: 'same' })).toEqual(saved);
    expect(await c.findToken({ userName: 'same' })).toBeNull();
    // The same unique values are free in another namespace.
    await expect(c.saveToken({ userName: 'same', accessToken: 'x' })).resolves.toMatchObject({
      version: 1,
    });
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});
