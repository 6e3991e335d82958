import { inspect } from 'node:util';
import { isTokenStoreError } from '@tokenstore/core';
import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { REDIS_CLIENT_DEFAULTS, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

const server = serverForFile(() => startRedis());

const SECRETS = {
  clientSecret: 'cs-SECRET-1',
  accessToken: 'at-SECRET-2',
  refreshToken: 'rt-SECRET-3',
  grantToken: 'gt-SECRET-4',
};

describe('connections', () => {
  it('leaves a client passed in open after close(), and adds nothing to it', async () => {
    const client = new Redis(server().url, REDIS_CLIENT_DEFAULTS);
    const listeners = client.listenerCount('error');
    const store = new RedisTokenStore({ client, prefix: randomPrefix() });
    await store.saveToken({ userName: 'u', ...SECRETS, clientId: 'c' });
    await store.close();

    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    expect(client.listenerCount('error')).toBe(listeners);
    await expect(store.findToken({ userName: 'u' })).rejects.toMatchObject({
      code: 'STORE_CLOSED',
    });
    client.disconnect();
  });

  it('closes the connection it opened itself', async () => {
    const store = new RedisTokenStore({ url: server().url, prefix: randomPrefix() });
    await store.saveToken({ accessToken: 'x' });
    const before = await countClients();
    await store.close();
    await expect.poll(countClients, { timeout: 5_000 }).toBe(before - 1);
  });

  it('connects from ioredis options alone', async () => {
    const store = new RedisTokenStore({
      redis: { host: server().host, port: server().port, db: 1 },
      prefix: randomPrefix(),
    });
    const saved = await store.saveToken({ accessToken: 'in-db-1' });
    expect(inspect(store)).toContain(`${server().host}:${server().port}/1`);
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.close();
  });

  it('rejects a client together with url or redis options', () => {
    const client = new Redis(server().url, { lazyConnect: true });
    // @ts-expect-error the options' type refuses client and url together; the check at run time is for JavaScript callers
    expect(() => new RedisTokenStore({ client, url: server().url })).toThrow(/either client/);
    // @ts-expect-error the options' type refuses client and redis options together; the check at run time is for JavaScript callers
    expect(() => new RedisTokenStore({ client, redis: {} })).toThrow(/either client/);
    client.disconnect();
  });

  it('shows no secret in util.inspect of the store, nor of its errors', async () => {
    const prefix = randomPrefix();
    // A password in the URL (this server ignores it) must not show in the description.
    const url = server().url.replace('redis://', 'redis://default:url-SECRET-5@');
    const store = new RedisTokenStore({ url, prefix });
    await store.saveToken({ userName: 'u', clientId: 'c', ...SECRETS });
    const duplicate = await store
      .saveToken({ userName: 'other', clientId: 'c', ...SECRETS })
      .catch((error: unknown) => error);
    expect(isTokenStoreError(duplicate, 'DUPLICATE_KEY')).toBe(true);

    // A Redis error inside the write script: ioredis attaches the command's arguments (the
    // token data) to its error; the store's error and its cause must not carry them.
    const raw = new Redis(server().url);
    await raw.del(`{${prefix}}ids`);
    await raw.set(`{${prefix}}ids`, 'not a sorted set');
    raw.disconnect();
    const failed = await store
      .saveToken({ userName: 'third', clientId: 'c2', ...SECRETS, accessToken: 'at-SECRET-6' })
      .catch((error: unknown) => error);
    expect(isTokenStoreError(failed, 'STORE_UNAVAILABLE')).toBe(true);
    expect((failed as Error).cause).toBeInstanceOf(Error);

    const shown = [store, duplicate, failed].map((x) => inspect(x, { depth: 10 })).join('\n');
    expect(shown).toContain('RedisTokenStore');
    expect(shown).toContain('WRONGTYPE');
    for (const secret of [...Object.values(SECRETS), 'at-SECRET-6', 'url-SECRET-5']) {
      expect(shown).not.toContain(secret);
    }
    await store.close();
  });
});

describe('a URL ioredis cannot read', () => {
  it.each([
    'redis://:gen/ERATED-PW@127.0.0.1:6379/0',
    'redis://app:pa#ERATED-PW@127.0.0.1:6379/0',
    'redis://app:pa?ERATED-PW@127.0.0.1:6379/0',
    'rediss://:%ERATED-PW@127.0.0.1:6379/0',
    '//:gen/ERATED-PW@127.0.0.1:6379/0',
    ':gen/ERATED-PW@127.0.0.1:6379/0',
    // Valid URLs that would read part of the password as the db, a parameter, the fragment.
    'redis://app:/ERATED-PW@127.0.0.1:6379/0',
    'redis://app:?ERATED-PW@127.0.0.1:6379/0',
    'redis://app:#ERATED-PW@127.0.0.1:6379/0',
  ])('%s: a TypeError holding nothing of the password', (url) => {
    let thrown: unknown;
    try {
      new RedisTokenStore({ url });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^RedisTokenStore: url is not a valid Redis URL/);
    const shown = [
      inspect(thrown, { depth: 10, showHidden: true }),
      (thrown as Error).stack,
      JSON.stringify(thrown),
      JSON.stringify(Object.getOwnPropertyDescriptors(thrown)),
      String((thrown as Error).cause),
    ].join('\n');
    expect(shown).not.toContain('ERATED');
  });

  it('still takes a port, a socket path, host:port and percent-encoded passwords', async () => {
    const { port, host } = server();
    const password = encodeURIComponent(':gen/ERATED?#@%');
    for (const url of [
      String(port),
      `${host}:${port}`,
      `redis://${host}:${port}`,
      `redis://default:${password}@${host}:${port}/1`,
      `//${host}:${port}/2`,
    ]) {
      const store = new RedisTokenStore({ url, prefix: randomPrefix() });
      await store.close();
    }
    const socket = new RedisTokenStore({ url: '/nonexistent/redis.sock', prefix: randomPrefix() });
    await socket.close();
  });
});

describe('a constructor that core refuses', () => {
  it.each([
    ['operationTimeoutMs: NaN', { operationTimeoutMs: Number.NaN }],
    ['maxSaveAttempts: 0', { maxSaveAttempts: 0 }],
    [
      'an encryption key from an unset environment variable',
      {
        encryption: {
          keys: { k1: process.env.TOKENSTORE_UNSET_KEY as string },
          currentKeyId: 'k1',
          indexKey: process.env.TOKENSTORE_UNSET_INDEX_KEY as string,
        },
      },
    ],
  ])('%s: leaves no connection open', async (_, options) => {
    const before = await countClients();
    for (let i = 0; i < 5; i++) {
      expect(() => new RedisTokenStore({ url: server().url, ...options })).toThrow();
    }
    // A connection left behind would have connected by now, and reconnect for ever.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await countClients()).toBe(before);
  });
});

async function countClients(): Promise<number> {
  const probe = new Redis(server().url);
  try {
    const list = await probe.client('LIST');
    return String(list).trim().split('\n').length - 1; // minus the probe itself
  } finally {
    probe.disconnect();
  }
}
