import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';

// A constructor that core refuses creates no SecretsManagerClient: core's options are checked
// first. (The client sends nothing until used, so no request went out before either; its
// constructor is what calls the configure() of each of its extensions: counted here.)

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
    'creates no client for %s, and throws what core throws',
    (_, options, expectRefusal) => {
      let created = 0;
      const clientConfig = {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        extensions: [{ configure: () => void created++ }],
      };
      expectRefusal(thrown(() => new SecretsManagerTokenStore({ clientConfig, ...options })));
      expect(created).toBe(0);
      // The same options but core's create one: the count does see a client being created.
      new SecretsManagerTokenStore({ clientConfig });
      expect(created).toBe(1);
    },
  );
});
