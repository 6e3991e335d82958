import { randomBytes, randomUUID } from 'node:crypto';
import { MemoryBackend, MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { BackedTokenStore, MANAGED_FIELDS, type TokenInput } from '../src/index.js';

describe('updatedAt, managed by the store', () => {
  it('is set on insert, moves on every update, and is never taken from input', async () => {
    const store = new MemoryTokenStore();
    const before = Date.now();
    const input = { userName: `u-${randomUUID()}`, accessToken: 'a', updatedAt: 5 } as TokenInput;
    const inserted = await store.saveToken(input);
    expect(inserted.updatedAt).toBeGreaterThanOrEqual(before);
    expect((await store.findTokenById(inserted.id))?.updatedAt).toBe(inserted.updatedAt);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await store.saveToken({
      id: inserted.id,
      expiresAt: 1,
      updatedAt: 1,
    } as TokenInput);
    expect(updated.updatedAt).toBeGreaterThan(inserted.updatedAt ?? 0);
    expect(await store.findTokenById(inserted.id)).toEqual(updated);
    expect(MANAGED_FIELDS).toEqual(['version', 'updatedAt']);
  });

  it('is sealed with the record under encryption, and kept by reencrypt', async () => {
    const database = new MemoryDatabase();
    const key = randomBytes(32);
    const encryption = { keys: { k1: key }, currentKeyId: 'k1', indexKey: randomBytes(32) };
    const store = new MemoryTokenStore({ database, namespace: 'n', encryption });
    const saved = await store.saveToken({ userName: 'ada', refreshToken: 'r' });
    expect(typeof saved.updatedAt).toBe('number');
    expect(await store.findToken({ userName: 'ada' })).toEqual(saved);
    const rotated = new MemoryTokenStore({
      database,
      namespace: 'n',
      encryption: { ...encryption, keys: { k1: key, k2: randomBytes(32) }, currentKeyId: 'k2' },
    });
    await rotated.reencrypt();
    const after = await rotated.findTokenById(saved.id);
    expect(after?.version).toBe(saved.version + 1);
    expect(after?.updatedAt).toBe(saved.updatedAt);
  });

  it('reads a record without one (saved before it existed) and rejects one that is not a time', async () => {
    const space = new MemoryDatabase().namespace('old');
    const backend = new MemoryBackend(space, 'old');
    const store = new BackedTokenStore(backend);
    await backend.insert({ id: 'old', version: 3, keys: {}, data: '{"accessToken":"a"}' });
    expect(await store.findTokenById('old')).toEqual({ id: 'old', accessToken: 'a', version: 3 });
    await backend.insert({ id: 'bad', version: 1, keys: {}, data: '{"updatedAt":"yesterday"}' });
    await expect(store.findTokenById('bad')).rejects.toMatchObject({
      code: 'CORRUPT_RECORD',
      message: expect.stringContaining('record "bad" could not be read back as a token record'),
    });
    await expect(store.findTokenById('bad')).rejects.toThrow(/updatedAt is not epoch milliseconds/);
  });
});
