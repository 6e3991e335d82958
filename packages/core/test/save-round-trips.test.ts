import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import {
  digestKey,
  type TokenRecord,
  type UniqueKeyKind,
  type WriteResult,
} from '../src/backend-kit.js';
import { BackedTokenStore, isTokenStoreError } from '../src/index.js';

/** A memory backend that counts the calls core makes, as round trips to a server would be. */
class CountingBackend extends MemoryBackend {
  readonly remote = true;
  readonly calls: string[] = [];
  readonly written: TokenRecord[] = [];

  override get(id: string) {
    this.calls.push('get');
    return super.get(id);
  }
  override findByKey(kind: UniqueKeyKind, digest: string) {
    this.calls.push('findByKey');
    return super.findByKey(kind, digest);
  }
  override insert(record: TokenRecord): Promise<WriteResult> {
    this.calls.push('insert');
    this.written.push(record);
    return super.insert(record);
  }
  override replace(next: TokenRecord, previous: TokenRecord) {
    this.calls.push('replace');
    this.written.push(next);
    return super.replace(next, previous);
  }
}

function twoStores() {
  const database = new MemoryDatabase();
  const backend = new CountingBackend(database.namespace('t'), 't');
  const other = new BackedTokenStore(new MemoryBackend(database.namespace('t'), 't'));
  return { backend, store: new BackedTokenStore(backend), other };
}

describe('round trips of a save', () => {
  it('a refresh (findToken, then saveToken of the same key) is one read and one write', async () => {
    const { backend, store } = twoStores();
    await store.saveToken({ userName: 'u', accessToken: 'a0', refreshToken: 'r', clientId: 'c' });
    const found = await store.findToken({ userName: 'u' });
    backend.calls.length = 0;
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1', expiresAt: 5 });
    expect(backend.calls).toEqual(['replace']);
    expect(saved).toMatchObject({ id: found?.id, accessToken: 'a1', refreshToken: 'r' });
    expect(saved.version).toBe(2);
    const again = await store.saveToken(
      { id: saved.id, accessToken: 'a2' },
      { expectedVersion: 2 },
    );
    expect(again.version).toBe(3);
    expect(backend.calls).toEqual(['replace', 'replace']);
  });

  it('starts over from the backend when another writer changed the token since it was read', async () => {
    const { backend, store, other } = twoStores();
    await store.saveToken({ userName: 'u', accessToken: 'a0' });
    await store.findToken({ userName: 'u' });
    await other.saveToken({ userName: 'u', refreshToken: 'r', clientId: 'c', accessToken: 'b' });
    backend.calls.length = 0;
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(saved).toMatchObject({
      accessToken: 'a1',
      refreshToken: 'r',
      clientId: 'c',
      version: 3,
    });
    expect(await other.findToken({ userName: 'u' })).toEqual(saved);
    expect(backend.calls).toEqual(['replace', 'findByKey', 'replace']);
  });

  it('decides expectedVersion on what is stored, not on what this store read last', async () => {
    const { store, other } = twoStores();
    const first = await store.saveToken({ userName: 'u', accessToken: 'a0' });
    await other.saveToken({ id: first.id, accessToken: 'b' });
    // The store last saw version 1; the backend holds 2.
    const saved = await store.saveToken({ id: first.id, accessToken: 'c' }, { expectedVersion: 2 });
    expect(saved.version).toBe(3);
    const error = await store
      .saveToken({ id: first.id, accessToken: 'd' }, { expectedVersion: 2 })
      .catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'VERSION_CONFLICT')).toBe(true);
  });

  it('a token changed through the object a find returned is not what the next save starts from', async () => {
    const { store, other } = twoStores();
    await store.saveToken({ userName: 'u', accessToken: 'a0', refreshToken: 'r', clientId: 'c' });
    const found = await store.findToken({ userName: 'u' });
    if (found === null) throw new Error('not found');
    found.refreshToken = 'changed by the caller';
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect((await other.findToken({ userName: 'u' }))?.refreshToken).toBe('r');
  });

  it('an update keeps the digests of the keys it does not change and hashes the ones it does', async () => {
    const { backend, store } = twoStores();
    // A digest no hash gives: only a copy of the stored one can reproduce it.
    const kept = 'the-digest-the-record-holds';
    await backend.insert({
      id: 't1',
      version: 1,
      keys: { userName: digestKey({ kind: 'userName', parts: ['u'] }), refreshToken: kept },
      data: JSON.stringify({ userName: 'u', clientId: 'c', refreshToken: 'r', accessToken: 'a0' }),
    });
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.written.at(-1)?.keys).toEqual({
      userName: digestKey({ kind: 'userName', parts: ['u'] }),
      accessToken: digestKey({ kind: 'accessToken', parts: ['a1'] }),
      refreshToken: kept,
    });
    await store.saveToken({ userName: 'u', refreshToken: 'r2' });
    expect(backend.written.at(-1)?.keys.refreshToken).toBe(
      digestKey({ kind: 'refreshToken', parts: ['c', 'r2'] }),
    );
  });

  it('an in-process backend (not remote) reads before every update', async () => {
    const database = new MemoryDatabase();
    const backend = new CountingBackend(database.namespace('t'), 't');
    Object.defineProperty(backend, 'remote', { value: undefined });
    const store = new BackedTokenStore(backend);
    await store.saveToken({ userName: 'u', accessToken: 'a0' });
    await store.findToken({ userName: 'u' });
    backend.calls.length = 0;
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['findByKey', 'replace']);
  });
});
