import { closedPort, failingCalls, redisCommand, shownAnywhere } from '@tokenstore/test-servers';
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

describe('redis errors an operator can act on', () => {
  it('a closed port: STORE_UNAVAILABLE naming the store and ECONNREFUSED with the address, retryable', async () => {
    const closed = await closedPort();
    const store = new RedisTokenStore({
      url: `redis://127.0.0.1:${closed}/0`,
      prefix: randomPrefix(),
    });
    const { errors, secrets } = await failingCalls(store);
    for (const error of errors) {
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`redis 127.0.0.1:${closed}/0`);
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
      expect(error.message).toMatch(/retrying may work$/);
      expect(error.store).toContain(`127.0.0.1:${closed}`);
      for (const secret of secrets) expect(shownAnywhere(error)).not.toContain(secret);
    }
    expect(errors.map((e) => e.operation)).toEqual(['saveToken', 'findToken']);
  });

  it('a wrong password: STORE_MISCONFIGURED naming the store and WRONGPASS, not retryable, no password shown', async () => {
    const store = new RedisTokenStore({
      url: `redis://:${WRONG}@127.0.0.1:${port}/0`,
      prefix: randomPrefix(),
    });
    const { errors, secrets } = await failingCalls(store);
    for (const error of errors) {
      expect(error.code).toBe('STORE_MISCONFIGURED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`redis 127.0.0.1:${port}/0`);
      expect(error.message).toMatch(/WRONGPASS/);
      expect(error.message).not.toMatch(/retrying may work/);
      for (const secret of [...secrets, WRONG, PASSWORD])
        expect(shownAnywhere(error)).not.toContain(secret);
    }
  });

  it('no password where one is required: STORE_MISCONFIGURED with NOAUTH', async () => {
    const store = new RedisTokenStore({
      url: `redis://127.0.0.1:${port}/0`,
      prefix: randomPrefix(),
    });
    const { errors } = await failingCalls(store);
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
