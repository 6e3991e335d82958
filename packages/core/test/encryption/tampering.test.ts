import type { TokenRecord } from '@tokenstore/core/backend';
import { describe, expect, it } from 'vitest';
import { fullToken, rejectsWith } from '../../src/conformance.js';
import { memoryStores, underA } from './keys.js';

interface Sealed {
  '#sealed': { k: string; f: Record<string, string> };
}

describe('tampering', () => {
  function setup() {
    const stores = memoryStores();
    const store = stores.fresh(underA);
    const records = stores.database.namespace(stores.namespaceOf(store)).records;
    const rewrite = (id: string, change: (data: Sealed) => void) => {
      const record = records.get(id) as TokenRecord;
      const data = JSON.parse(record.data) as Sealed;
      change(data);
      records.set(id, { ...record, data: JSON.stringify(data) });
    };
    return { store, records, rewrite };
  }

  it('detects a changed ciphertext', async () => {
    const { store, rewrite } = setup();
    const saved = await store.saveToken(fullToken());
    rewrite(saved.id, (data) => {
      const sealed = data['#sealed'].f.accessToken as string;
      const flipped = sealed[10] === 'A' ? 'B' : 'A';
      data['#sealed'].f.accessToken = sealed.slice(0, 10) + flipped + sealed.slice(11);
    });
    const error = await rejectsWith(store.findTokenById(saved.id), 'CORRUPT_RECORD', 'tampered');
    expect(error.message).toContain('"A"');
  });

  it('detects ciphertexts swapped between two tokens', async () => {
    const { store, records, rewrite } = setup();
    const one = await store.saveToken(fullToken());
    const two = await store.saveToken(fullToken());
    const sealedOf = (id: string) =>
      (JSON.parse((records.get(id) as TokenRecord).data) as Sealed)['#sealed'];
    const fromTwo = sealedOf(two.id).f.refreshToken as string;
    rewrite(one.id, (data) => {
      data['#sealed'].f.refreshToken = fromTwo;
    });
    await rejectsWith(store.findTokenById(one.id), 'CORRUPT_RECORD', 'swapped between tokens');
    expect((await store.findTokenById(two.id))?.refreshToken).toBe(two.refreshToken);
  });

  it('detects ciphertexts swapped between two fields of one token', async () => {
    const { store, rewrite } = setup();
    const saved = await store.saveToken(fullToken());
    rewrite(saved.id, (data) => {
      const { accessToken, refreshToken } = data['#sealed'].f;
      data['#sealed'].f.accessToken = refreshToken as string;
      data['#sealed'].f.refreshToken = accessToken as string;
    });
    await rejectsWith(store.findTokenById(saved.id), 'CORRUPT_RECORD', 'swapped between fields');
  });

  it('refuses a plaintext secret planted next to sealed ones', async () => {
    const { store, rewrite } = setup();
    const saved = await store.saveToken(fullToken());
    rewrite(saved.id, (data) => {
      (data as unknown as Record<string, string>).accessToken = 'planted';
    });
    await rejectsWith(store.findTokenById(saved.id), 'CORRUPT_RECORD', 'planted plaintext');
  });
});
