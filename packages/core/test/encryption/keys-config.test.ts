import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fullToken, rejectsWith } from '../../src/conformance.js';
import { FAILED_KEY_LOAD_RETRY_MS } from '../../src/encryption/keyring.js';
import { indexKey, keyA, memoryStores } from './keys.js';

describe('key configuration', () => {
  it('loads keys from an async provider, once per key id', async () => {
    const stores = memoryStores();
    const asked: string[] = [];
    const keyProvider = async (keyId: string) => {
      asked.push(keyId);
      return keyA.toString('base64');
    };
    const store = stores.fresh({ keyProvider, currentKeyId: 'kms-1', indexKey });
    const saved = await store.saveToken(fullToken());
    for (let i = 0; i < 5; i++) await store.findTokenById(saved.id);
    expect(asked).toEqual(['kms-1']);
  });

  it('turns a failing provider into STORE_UNAVAILABLE and tries again later', async () => {
    const stores = memoryStores();
    let fail = true;
    const store = stores.fresh({
      keyProvider: async () => {
        if (fail) throw new Error('kms unreachable');
        return keyA;
      },
      currentKeyId: 'kms-1',
      indexKey,
    });
    await rejectsWith(store.saveToken(fullToken()), 'STORE_UNAVAILABLE', 'provider down');
    fail = false;
    await sleep(FAILED_KEY_LOAD_RETRY_MS + 50); // a failed load is not retried before that
    expect((await store.saveToken(fullToken())).version).toBe(1);
  });

  it('rejects keys of the wrong length and a current key that is nowhere', () => {
    const stores = memoryStores();
    expect(() =>
      stores.fresh({ keys: { A: randomBytes(16) }, currentKeyId: 'A', indexKey }),
    ).toThrow(/must be 32 bytes/);
    expect(() =>
      stores.fresh({ keys: { A: keyA }, currentKeyId: 'A', indexKey: 'c2hvcnQ=' }),
    ).toThrow(/indexKey must be 32 bytes/);
    expect(() => stores.fresh({ keys: { A: keyA }, currentKeyId: 'B', indexKey })).toThrow(
      /not in encryption.keys/,
    );
  });
});
