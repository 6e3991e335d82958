import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';

// A constructor that core refuses builds no pool: core's options are checked first. (A mysql2
// pool connects on first use, so none connected before either; what building it does first is
// read its options: counted here.)

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
  it.each(refusals)(
    'builds no pool for %s, and throws what core throws',
    (_, options, expectRefusal) => {
      let reads = 0;
      const poolOptions = {
        get connectionLimit() {
          reads++;
          return 1;
        },
      };
      const url = 'mysql://app:pw@127.0.0.1:1/app';
      expectRefusal(thrown(() => new MysqlTokenStore({ url, poolOptions, ...options })));
      expect(reads).toBe(0);
    },
  );

  it('reads those options when it builds a pool (what the count above looks for)', async () => {
    let reads = 0;
    const poolOptions = {
      get connectionLimit() {
        reads++;
        return 1;
      },
    };
    const store = new MysqlTokenStore({ url: 'mysql://app:pw@127.0.0.1:1/app', poolOptions });
    expect(reads).toBeGreaterThan(0);
    await store.close();
  });
});
