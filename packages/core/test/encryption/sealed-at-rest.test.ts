import { describe, expect, it } from 'vitest';
import { assertSecretsSealedAtRest } from '../../src/conformance.js';
import { memoryStores } from './keys.js';

describe('assertSecretsSealedAtRest', () => {
  it('passes an encrypting store', async () => {
    const stores = memoryStores();
    await assertSecretsSealedAtRest({
      create: (encryption) => stores.fresh(encryption),
      dump: stores.raw,
    });
  });

  it('catches a store that keeps secrets in plaintext', async () => {
    const stores = memoryStores();
    await expect(
      assertSecretsSealedAtRest({ create: () => stores.fresh(), dump: stores.raw }),
    ).rejects.toThrow(/stored in plaintext/);
  });
});
