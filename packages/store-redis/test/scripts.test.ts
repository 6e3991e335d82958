import { type RedisServer, startRedis } from '@tokenstore/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { SAVE } from '../src/lua-scripts.js';
import { randomPrefix } from './helpers/prefix.js';

let server: RedisServer;
let raw: Redis;

beforeAll(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
});

afterAll(async () => {
  raw?.disconnect();
  await server?.stop();
});

describe('Lua scripts on the server', () => {
  it('loads a script again after the server forgot it (SCRIPT FLUSH)', async () => {
    const store = new RedisTokenStore({ url: server.url, prefix: randomPrefix() });
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(await raw.script('EXISTS', SAVE.sha1)).toEqual([1]);

    await raw.script('FLUSH');
    expect(await raw.script('EXISTS', SAVE.sha1)).toEqual([0]);
    await expect(store.saveToken({ userName: 'u', accessToken: 'a2' })).resolves.toMatchObject({
      version: 2,
    });
    expect(await raw.script('EXISTS', SAVE.sha1)).toEqual([1]);
    await store.close();
  });
});
