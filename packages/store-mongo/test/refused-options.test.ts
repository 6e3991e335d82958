import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';

// A constructor that core refuses, or whose database or collection name it refuses itself,
// builds no client: both are checked first. (A MongoClient connects on first use, so none
// connected before either; what building it does first is read its options: counted here.)

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

/** Client options that count how often the store reads them (to build a client). */
function countedClientOptions(): { reads: number; clientOptions: { appName: string } } {
  const counted = {
    reads: 0,
    clientOptions: {
      get appName() {
        counted.reads++;
        return 'refused-options';
      },
    },
  };
  return counted;
}

describe('a constructor that is refused', () => {
  const url = 'mongodb://127.0.0.1:1';

  it.each(refusals)(
    'builds no client for %s, and throws what core throws',
    (_, options, expectRefusal) => {
      const counted = countedClientOptions();
      const { clientOptions } = counted;
      expectRefusal(thrown(() => new MongoTokenStore({ url, clientOptions, ...options })));
      expect(counted.reads).toBe(0);
    },
  );

  it.each([
    ['database', { database: 'a/b' }],
    ['collection', { collection: '' }],
  ])('builds no client for a refused %s name', (_, names) => {
    const counted = countedClientOptions();
    const { clientOptions } = counted;
    expect(() => new MongoTokenStore({ url, clientOptions, ...names })).toThrow();
    expect(counted.reads).toBe(0);
  });

  it('reads those options when it builds a client (what the counts above look for)', async () => {
    const counted = countedClientOptions();
    const store = new MongoTokenStore({ url, clientOptions: counted.clientOptions });
    expect(counted.reads).toBeGreaterThan(0);
    await store.close();
  });
});
