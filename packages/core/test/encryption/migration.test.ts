import { describe, expect, it } from 'vitest';
import { fullToken, rejectsWith } from '../../src/conformance.js';
import type { StoredToken } from '../../src/index.js';
import { memoryStores, underA } from './keys.js';

const migrating = { ...underA, plaintextRecords: 'migrate' } as const;

describe('turning encryption on for an existing store', () => {
  async function plainStoreWithTokens(count: number) {
    const stores = memoryStores();
    const plain = stores.fresh();
    const saved: StoredToken[] = [];
    for (let i = 0; i < count; i++) saved.push(await plain.saveToken(fullToken()));
    return { stores, plain, saved, namespace: stores.namespaceOf(plain) };
  }

  it('finds plaintext records by key and encrypts each on its next save', async () => {
    const { stores, saved, namespace } = await plainStoreWithTokens(3);
    const store = stores.open(namespace, migrating);
    const [a, b] = saved as [StoredToken, StoredToken];
    const { clientId, clientSecret, refreshToken } = a;
    expect(await store.findToken({ clientId, clientSecret, refreshToken })).toEqual(a);
    const updated = await store.saveToken({ accessToken: a.accessToken, apiDomain: 'migrated' });
    expect(updated).toMatchObject({ id: a.id, version: 2, apiDomain: 'migrated' });
    const raw = JSON.stringify(stores.database.namespace(namespace).records.get(a.id));
    expect(raw).not.toContain(a.accessToken as string);
    expect(await store.findToken({ accessToken: a.accessToken })).toEqual(updated);
    expect(await store.findToken({ userName: b.userName })).toEqual(b);
  });

  it('keeps uniqueness against records not yet migrated', async () => {
    const { stores, saved, namespace } = await plainStoreWithTokens(1);
    const store = stores.open(namespace, migrating);
    const [a] = saved as [StoredToken];
    await rejectsWith(
      store.saveToken(fullToken({ id: 'another', userName: a.userName })),
      'DUPLICATE_KEY',
      'a userName held by a plaintext record',
    );
    await rejectsWith(
      store.saveToken(fullToken({ accessToken: a.accessToken })),
      'DUPLICATE_KEY',
      'an accessToken held by a plaintext record',
    );
  });

  it('reencrypt migrates everything, after which plaintext can be refused', async () => {
    const { stores, saved, namespace } = await plainStoreWithTokens(12);
    const store = stores.open(namespace, migrating);
    expect(await store.reencrypt({ pageSize: 5 })).toEqual({
      scanned: 12,
      rewritten: 12,
      skipped: 0,
      compacted: false,
    });
    const strict = stores.open(namespace, { ...underA, plaintextRecords: 'reject' });
    for (const token of saved) {
      expect((await strict.findToken({ accessToken: token.accessToken }))?.id).toBe(token.id);
    }
    const raw = JSON.stringify([...stores.database.namespace(namespace).records.values()]);
    for (const token of saved) expect(raw).not.toContain(token.refreshToken as string);
  });

  it("'reject' refuses a plaintext record", async () => {
    const { stores, saved, namespace } = await plainStoreWithTokens(1);
    const strict = stores.open(namespace, { ...underA, plaintextRecords: 'reject' });
    await rejectsWith(
      strict.findTokenById((saved[0] as StoredToken).id),
      'CORRUPT_RECORD',
      'plaintext',
    );
  });
});
