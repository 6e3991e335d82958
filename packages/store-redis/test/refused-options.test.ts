import { createServer, type Server } from 'node:net';
import { isTokenStoreError } from '@tokenstore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';

// A constructor that core refuses builds no client: core's options are checked first. (Before,
// the client was built and disconnected at once; ioredis connects on the next tick, so no
// socket was opened either way. What building it does first is read its options: counted here.)

/** Options core refuses, and what it refuses them with: the error the constructor must throw. */
const refusals: [string, Record<string, unknown>, (error: unknown) => void][] = [
  [
    'operationTimeoutMs: NaN',
    { operationTimeoutMs: Number.NaN },
    (error) => {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/operationTimeoutMs must be a finite number/);
    },
  ],
  [
    'maxSaveAttempts: 1.5',
    { maxSaveAttempts: 1.5 },
    (error) => {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/maxSaveAttempts must be an integer/);
    },
  ],
  [
    'an encryption key from an unset environment variable',
    {
      encryption: {
        keys: { k1: process.env.TOKENSTORE_UNSET_KEY as string },
        currentKeyId: 'k1',
        indexKey: Buffer.alloc(32, 1),
      },
    },
    (error) => {
      expect(isTokenStoreError(error, 'STORE_MISCONFIGURED')).toBe(true);
      expect((error as Error).message).toMatch(/encryption key "k1" is missing/);
    },
  ],
];

/** What the constructor threw. */
function thrown(construct: () => unknown): unknown {
  try {
    construct();
  } catch (error) {
    return error;
  }
  throw new Error('expected the constructor to throw');
}

describe('a constructor that core refuses', () => {
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each(refusals)(
    'builds no client for %s, and throws what core throws',
    async (_, options, expectRefusal) => {
      let reads = 0;
      const redis = {
        get connectTimeout() {
          reads++;
          return 500;
        },
      };
      const url = `redis://127.0.0.1:${port}/0`;
      expectRefusal(thrown(() => new RedisTokenStore({ url, redis, ...options })));
      expect(reads).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(connections).toBe(0);
    },
  );

  it('reads those options when it builds a client (what the count above looks for)', async () => {
    let reads = 0;
    const redis = {
      lazyConnect: true,
      get connectTimeout() {
        reads++;
        return 500;
      },
    };
    const store = new RedisTokenStore({ url: `redis://127.0.0.1:${port}/0`, redis });
    expect(reads).toBeGreaterThan(0);
    await store.close();
  });
});
