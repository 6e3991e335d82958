import { describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { SAVE } from '../src/lua-scripts.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();

describe('Lua scripts on the server', () => {
  it('loads a script again after the server forgot it (SCRIPT FLUSH)', async () => {
    const store = new RedisTokenStore({ url: redis.server.url, prefix: randomPrefix() });
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(await redis.raw.script('EXISTS', SAVE.sha1)).toEqual([1]);

    await redis.raw.script('FLUSH');
    expect(await redis.raw.script('EXISTS', SAVE.sha1)).toEqual([0]);
    await expect(store.saveToken({ userName: 'u', accessToken: 'a2' })).resolves.toMatchObject({
      version: 2,
    });
    expect(await redis.raw.script('EXISTS', SAVE.sha1)).toEqual([1]);
    await store.close();
  });
});
