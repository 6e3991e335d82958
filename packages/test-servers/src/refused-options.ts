import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';

/** Options core refuses, and a check of what it refuses them with. */
export type CoreRefusal = readonly [
  name: string,
  options: Readonly<Record<string, unknown>>,
  expectRefusal: (error: unknown) => void,
];

/**
 * Options of `BackedTokenStore` that core refuses (`checkBackedStoreOptions`), each with the
 * error every store's constructor must throw for it. One list, so that every adapter is held to
 * the same refusals.
 */
export const CORE_REFUSALS: readonly CoreRefusal[] = [
  [
    'operationTimeoutMs: NaN',
    { operationTimeoutMs: Number.NaN },
    (error) => {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/operationTimeoutMs must be a finite number/);
    },
  ],
  [
    'operationTimeoutMs: -1',
    { operationTimeoutMs: -1 },
    (error) => expect(error).toBeInstanceOf(RangeError),
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
  [
    'an encryption key of 16 bytes',
    { encryption: { keys: { k1: Buffer.alloc(16, 2) }, currentKeyId: 'k1', indexKey: 'x' } },
    (error) => {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/must be 32 bytes/);
    },
  ],
  [
    'a currentKeyId that is not among the keys',
    { encryption: { keys: {}, currentKeyId: 'k9', indexKey: Buffer.alloc(32, 1) } },
    (error) => {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/currentKeyId "k9" is not in encryption.keys/);
    },
  ],
];

/** What `construct` threw; fails the test if it returned. */
export function thrownBy(construct: () => unknown): unknown {
  try {
    construct();
  } catch (error) {
    return error;
  }
  throw new Error('expected the constructor to throw');
}

/** A store whose constructor can be watched building its driver client. */
export interface RefusedOptionsTarget {
  /** What the store builds, for the test names: `pool`, `client`. */
  readonly builds: string;
  /**
   * A fresh probe: `make(options)` constructs the store with `options` added to a valid set,
   * and `built()` counts how often a driver client was started since the probe was made (a
   * getter on the driver's options read, a hook of its constructor called).
   */
  probe(): {
    make(options: Readonly<Record<string, unknown>>): { close(): Promise<void> };
    built(): number;
  };
  /** More checks after each refusal (Redis: no connection reached a server). */
  afterRefusal?(): Promise<void>;
}

/**
 * A constructor that core refuses builds nothing of the driver's: core's options are checked
 * before any client is made, and it throws what core throws. The last case shows the probe
 * does see a client being built, so the count of 0 can fail.
 */
export function describeRefusedCoreOptions(target: RefusedOptionsTarget): void {
  describe('a constructor that core refuses', () => {
    it.each(CORE_REFUSALS)(
      `builds no ${target.builds} for %s, and throws what core throws`,
      async (_, options, expectRefusal) => {
        const probe = target.probe();
        expectRefusal(thrownBy(() => probe.make(options)));
        expect(probe.built()).toBe(0);
        await target.afterRefusal?.();
      },
    );

    it(`builds a ${target.builds} when core takes the options (what the count above looks for)`, async () => {
      const probe = target.probe();
      const store = probe.make({});
      expect(probe.built()).toBeGreaterThan(0);
      await store.close();
    });
  });
}
