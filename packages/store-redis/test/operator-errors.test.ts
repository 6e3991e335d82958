import { inspect } from 'node:util';
import { isTokenStoreError, type TokenStoreError } from '@tokenstore/core';
import { freePort, redisCommand } from '@tokenstore/test-servers';
import { beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

// Errors an operator can act on (#20), on a real redis-server: a closed port, a server that
// wants a password and gets none or a wrong one. Each names the store and the driver's own
// reason, says whether retrying may help, and shows no secret anywhere.

const PASSWORD = 'right-pass-7f3c91';
const WRONG = 'wrong-pass-2b8e44';
const redis = useRedisServer();
let port: number;

beforeAll(async () => {
  port = Number(new URL(redis.server.url).port);
  // Set after start: the readiness probe of test-servers speaks no AUTH.
  await redisCommand('127.0.0.1', port, ['CONFIG', 'SET', 'requirepass', PASSWORD]);
});

function secretToken() {
  const tag = Math.random().toString(36).slice(2);
  return {
    userName: `u-${tag}`,
    clientId: `cid-${tag}`,
    clientSecret: `cs-secret-${tag}`,
    refreshToken: `rt-secret-${tag}`,
    accessToken: `at-secret-${tag}`,
    grantToken: `gt-secret-${tag}`,
  };
}

/** Message, cause chain and util.inspect (hidden properties too): wherever a secret could hide. */
function shown(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true })];
  for (let at: unknown = error; at instanceof Error; at = at.cause) parts.push(at.message);
  return parts.join('\n');
}

/** Runs one read and one save (with secrets) on `store`; both must fail alike. */
async function failures(
  store: RedisTokenStore,
): Promise<{ errors: TokenStoreError[]; secrets: string[] }> {
  const token = secretToken();
  const errors: TokenStoreError[] = [];
  for (const call of [
    () => store.findToken({ userName: token.userName }),
    () => store.saveToken(token),
  ]) {
    const error = await call().then(
      () => new Error('the call succeeded'),
      (e: unknown) => e,
    );
    if (!isTokenStoreError(error)) throw error;
    errors.push(error);
  }
  await store.close();
  return { errors, secrets: Object.values(token).filter((v) => v.includes('secret')) };
}

describe('redis errors an operator can act on', () => {
  it('a closed port: STORE_UNAVAILABLE naming the store and ECONNREFUSED with the address, retryable', async () => {
    const closed = await freePort();
    const store = new RedisTokenStore({
      url: `redis://127.0.0.1:${closed}/0`,
      prefix: randomPrefix(),
    });
    const { errors, secrets } = await failures(store);
    for (const error of errors) {
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`redis 127.0.0.1:${closed}/0`);
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
      expect(error.message).toMatch(/retrying may work$/);
      expect(error.store).toContain(`127.0.0.1:${closed}`);
      for (const secret of secrets) expect(shown(error)).not.toContain(secret);
    }
    expect(errors.map((e) => e.operation)).toEqual(['findToken', 'saveToken']);
  });

  it('a wrong password: STORE_MISCONFIGURED naming the store and WRONGPASS, not retryable, no password shown', async () => {
    const store = new RedisTokenStore({
      url: `redis://:${WRONG}@127.0.0.1:${port}/0`,
      prefix: randomPrefix(),
    });
    const { errors, secrets } = await failures(store);
    for (const error of errors) {
      expect(error.code).toBe('STORE_MISCONFIGURED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`redis 127.0.0.1:${port}/0`);
      expect(error.message).toMatch(/WRONGPASS/);
      expect(error.message).not.toMatch(/retrying may work/);
      for (const secret of [...secrets, WRONG, PASSWORD])
        expect(shown(error)).not.toContain(secret);
    }
  });

  it('no password where one is required: STORE_MISCONFIGURED with NOAUTH', async () => {
    const store = new RedisTokenStore({
      url: `redis://127.0.0.1:${port}/0`,
      prefix: randomPrefix(),
    });
    const { errors } = await failures(store);
    for (const error of errors) {
      expect(error.code).toBe('STORE_MISCONFIGURED');
      expect(error.message).toMatch(/NOAUTH/);
    }
  });

  it('the right password works (the server is fine: the errors above were the configuration)', async () => {
    const store = new RedisTokenStore({
      url: `redis://:${PASSWORD}@127.0.0.1:${port}/0`,
      prefix: randomPrefix(),
    });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.deleteTokens();
    await store.close();
  });
});
