import type { TokenRecord } from '@tokenstore/core/backend';
import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { assertTamperingRefused, fullToken, rejectsWith } from '../../src/conformance.js';
import { memoryStores, underA } from './keys.js';

type Data = Record<string, unknown> & {
  '#sealed': { k: string; f: Record<string, string>; x: string; m: string };
};

describe('record integrity under encryption', () => {
  function setup() {
    const stores = memoryStores();
    const store = stores.fresh(underA);
    const records = stores.database.namespace(stores.namespaceOf(store)).records;
    const rewrite = (
      id: string,
      change: (data: Data, record: TokenRecord) => TokenRecord | undefined,
    ) => {
      const record = records.get(id) as TokenRecord;
      const data = JSON.parse(record.data) as Data;
      const replaced = change(data, record);
      records.set(id, replaced ?? { ...record, data: JSON.stringify(data) });
    };
    return { stores, store, records, rewrite };
  }

  it('refuses forged and planted plaintext records, and a wrong indexKey, on the memory store', async () => {
    const database = new MemoryDatabase();
    await assertTamperingRefused({
      open: (namespace, encryption) =>
        new MemoryTokenStore({ database, namespace, ...(encryption ? { encryption } : {}) }),
    });
  });

  it('detects a sealed field removed', async () => {
    const { store, rewrite } = setup();
    const saved = await store.saveToken(fullToken());
    rewrite(saved.id, (data) => {
      delete data['#sealed'].f.refreshToken;
    });
    await rejectsWith(store.findTokenById(saved.id), 'CORRUPT_RECORD', 'a removed sealed field');
  });

  it('detects a plaintext field changed or added', async () => {
    const { store, rewrite } = setup();
    const one = await store.saveToken(fullToken());
    const two = await store.saveToken(fullToken());
    rewrite(one.id, (data) => {
      data.apiDomain = 'https://attacker.example';
    });
    rewrite(two.id, (data) => {
      data.expiresAt = 1;
    });
    await rejectsWith(store.findTokenById(one.id), 'CORRUPT_RECORD', 'a changed apiDomain');
    await rejectsWith(store.findTokenById(two.id), 'CORRUPT_RECORD', 'a changed expiresAt');
  });

  it("detects a record's data put back under another version", async () => {
    const { store, records, rewrite } = setup();
    const first = await store.saveToken(fullToken());
    const old = records.get(first.id) as TokenRecord;
    await store.saveToken({ id: first.id, accessToken: 'rotated' });
    rewrite(first.id, (_data, current) => ({ ...current, data: old.data }));
    await rejectsWith(store.findTokenById(first.id), 'CORRUPT_RECORD', 'old data, new version');
  });

  it('reads a whole record rolled back to an older state of the same token (documented limit)', async () => {
    const { store, records } = setup();
    const first = await store.saveToken(fullToken());
    const old = records.get(first.id) as TokenRecord;
    await store.saveToken({ id: first.id, accessToken: 'rotated' });
    records.set(first.id, old);
    // Nothing the backend holds can tell an older state of a token from the current one: the
    // version going back is the only sign, and core keeps no state outside the backend.
    expect(await store.findTokenById(first.id)).toEqual(first);
  });
});

describe('ids reused after a delete (ABA)', () => {
  it('a stale compare-and-set never lands on a token that got a new store-assigned id', async () => {
    const store = memoryStores().fresh();
    const input = fullToken();
    const first = await store.saveToken(input);
    await store.deleteToken(first.id);
    const second = await store.saveToken(input);
    expect(second.id).not.toBe(first.id);
    await rejectsWith(
      store.saveToken({ id: first.id, accessToken: 'stale' }, { expectedVersion: first.version }),
      'VERSION_CONFLICT',
      'stale CAS on a deleted id',
    );
    expect(await store.findTokenById(second.id)).toEqual(second);
  });

  it('a caller that re-inserts an id restarts its version at 1 (documented: CAS cannot tell)', async () => {
    const store = memoryStores().fresh();
    const first = await store.saveToken(fullToken({ id: 'reused' }));
    await store.deleteToken('reused');
    const second = await store.saveToken(fullToken({ id: 'reused' }));
    expect(second.version).toBe(first.version);
    const stale = await store.saveToken(
      { id: 'reused', apiDomain: 'stale' },
      { expectedVersion: first.version },
    );
    expect(stale.version).toBe(2);
  });
});
