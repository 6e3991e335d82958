import { type RedisServer, startRedis } from '@tokenstore/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** A redis-server for this test file, and a raw client that reads it behind the store's back. */
export interface RedisUnderTest {
  readonly server: RedisServer;
  readonly raw: Redis;
}

/**
 * Starts a redis-server before the file's tests and stops it after them. The returned object is
 * filled in by `beforeAll`: read its properties inside tests, not at module level.
 */
export function useRedisServer(): RedisUnderTest {
  const state = {} as { server: RedisServer; raw: Redis };
  beforeAll(async () => {
    state.server = await startRedis();
    state.raw = new Redis(state.server.url);
  });
  afterAll(async () => {
    state.raw?.disconnect();
    await state.server?.stop();
  });
  return state;
}
