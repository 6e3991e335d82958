import { assertConditionalDeleteAtomic } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { KeyLayout } from '../src/key-layout.js';
import { INSERT, REPLACE } from '../src/lua-scripts.js';
import { RedisBackend } from '../src/redis-backend.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();

describe('Lua scripts on the server', () => {
  it('loads a script again after the server forgot it (SCRIPT FLUSH)', async () => {
    const store = new RedisTokenStore({ url: redis.server.url, prefix: randomPrefix() });
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(await redis.raw.script('EXISTS', INSERT.sha1)).toEqual([1]);

    await redis.raw.script('FLUSH');
    expect(await redis.raw.script('EXISTS', INSERT.sha1, REPLACE.sha1)).toEqual([0, 0]);
    await expect(store.saveToken({ userName: 'u', accessToken: 'a2' })).resolves.toMatchObject({
      version: 2,
    });
    expect(await redis.raw.script('EXISTS', REPLACE.sha1)).toEqual([1]);
    await store.close();
  });

  it('a refresh is one GET and one script that moves only the key it changes', async () => {
    const store = new RedisTokenStore({ url: redis.server.url, prefix: randomPrefix() });
    const token = { userName: 'u', accessToken: 'a1', clientId: 'c', refreshToken: 'r' };
    await store.saveToken({ ...token, grantToken: 'g' });
    await redis.raw.config('RESETSTAT');
    await store.findToken({ userName: 'u' });
    await store.saveToken({ userName: 'u', accessToken: 'a2', expiresAt: 1 });
    const stats = await redis.raw.info('commandstats');
    const calls = (command: string) =>
      Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
    // The find is a GET of the userName key's copy; the script reads who holds the new and the
    // old access token's keys (only the member: GETRANGE), deletes the old one and writes the
    // new copy into each of the four keys the token holds (one MSET).
    expect({
      get: calls('get'),
      getrange: calls('getrange'),
      evalsha: calls('evalsha'),
      mset: calls('mset'),
      set: calls('set'),
      del: calls('del'),
      hgetall: calls('hgetall'),
      hmget: calls('hmget'),
    }).toEqual({ get: 1, getrange: 2, evalsha: 1, mset: 1, set: 0, del: 1, hgetall: 0, hmget: 1 });
    expect(
      await store.findToken({ clientId: 'c', clientSecret: 's', refreshToken: 'r' }),
    ).toMatchObject({
      accessToken: 'a2',
      version: 2,
    });
    await store.close();
  });

  it('a conditional delete is one script: a save that lands before it is a VERSION_CONFLICT, not lost', async () => {
    const keys = new KeyLayout(randomPrefix());
    await assertConditionalDeleteAtomic(
      new RedisBackend({ client: redis.raw, owned: false }, keys),
    );
    expect(await redis.raw.exists(keys.ids)).toBe(0);
  });
});
