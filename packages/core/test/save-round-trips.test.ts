import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { digestKey, type UniqueKeyKind } from '../src/backend-kit.js';
import { BackedTokenStore, isTokenStoreError, prune } from '../src/index.js';
import { RemoteReplaceIgnoresData } from './broken-backends.js';
import { CountingBackend } from './counting-backend.js';

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

/**
 * A remote backend that checks the version and keys a record was read with, not its data:
 * whether a save merges onto a token saved again under its id is then up to core alone.
 */
class HoldsAFind extends RemoteReplaceIgnoresData {
  /** The next findByKey reads, then waits for this before it answers. */
  hold: Promise<void> | undefined;
  /** Resolved once a held findByKey has read. */
  read: () => void = () => {};
  override async findByKey(kind: UniqueKeyKind, digest: string) {
    const record = await super.findByKey(kind, digest);
    const hold = this.hold;
    this.hold = undefined;
    if (hold !== undefined) {
      this.read();
      await hold;
    }
    return record;
  }
}

function keysOnlyStore() {
  const backend = new HoldsAFind(new MemoryDatabase().namespace('t'), 't');
  return { backend, store: new BackedTokenStore(backend) };
}

const OLD = { id: 'X', userName: 'u', accessToken: 'a', clientSecret: 'OLD', expiresAt: 1 };
const NEW = { ...OLD, clientSecret: 'NEW', expiresAt: 2 };

describe('what a store keeps of a deleted token', () => {
  const deletes: [string, (store: BackedTokenStore) => Promise<unknown>][] = [
    ['deleteToken', (store) => store.deleteToken('X')],
    ['deleteToken with expectedVersion', (store) => store.deleteToken('X', { expectedVersion: 1 })],
    ['prune', (store) => prune(store, { olderThanMs: 0 }, { now: Date.now() + 1_000 })],
    ['deleteTokens', (store) => store.deleteTokens()],
  ];
  for (const [how, remove] of deletes) {
    it(`${how} forgets the record found by a key: a save again under the id starts from the new token`, async () => {
      const { store } = keysOnlyStore();
      await store.saveToken(OLD);
      await store.findToken({ userName: 'u' }); // kept under the userName's digest
      await store.findToken({ accessToken: 'a' }); // and under the accessToken's
      await remove(store);
      expect(await store.findTokenById('X')).toBeNull();
      await store.saveToken(NEW); // version 1 again, the same keys
      const saved = await store.saveToken({ userName: 'u', apiDomain: 'd' });
      expect(saved).toMatchObject({ ...NEW, apiDomain: 'd', version: 2 });
      const again = await store.saveToken({ accessToken: 'a', expiresAt: 3 });
      expect(again).toMatchObject({ ...NEW, apiDomain: 'd', expiresAt: 3, version: 3 });
      expect(await store.findTokenById('X')).toEqual(again);
    });
  }

  it('a find that read the token before a delete and answers after it keeps nothing', async () => {
    const { backend, store } = keysOnlyStore();
    await store.saveToken(OLD);
    let release = () => {};
    backend.hold = new Promise((resolve) => {
      release = resolve;
    });
    const read = new Promise<void>((resolve) => {
      backend.read = resolve;
    });
    const finding = store.findToken({ userName: 'u' });
    await read; // it has the old record
    expect(await store.deleteToken('X')).toBe(true);
    await store.saveToken(NEW);
    release();
    expect(await finding).toMatchObject(OLD); // what it read: a find may race a delete
    const saved = await store.saveToken({ userName: 'u', apiDomain: 'd' });
    expect(saved).toMatchObject({ ...NEW, apiDomain: 'd', version: 2 });
  });

  it('a save whose start turned out stale forgets it under every name', async () => {
    const database = new MemoryDatabase();
    const backend = new CountingBackend(database.namespace('t'), 't');
    const store = new BackedTokenStore(backend);
    const other = new BackedTokenStore(new MemoryBackend(database.namespace('t'), 't'));
    await store.saveToken({ ...OLD, refreshToken: 'r', clientId: 'c' });
    await store.findToken({ userName: 'u' });
    await store.findToken({ accessToken: 'a' });
    await other.saveToken({ id: 'X', expiresAt: 5 });
    backend.calls.length = 0;
    await store.saveToken({ userName: 'u', apiDomain: 'd' }); // stale start, then a read
    expect(backend.calls).toEqual(['replace', 'findByKey', 'replace']);
    await other.saveToken({ id: 'X', expiresAt: 6 });
    backend.calls.length = 0;
    // Its record under the accessToken was dropped with the stale one: the save reads first.
    await store.saveToken({ accessToken: 'a', apiDomain: 'e' });
    expect(backend.calls).toEqual(['findByKey', 'replace']);
  });
});
