import { hash } from 'node:crypto';
import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import {
  digestKey,
  type RecordData,
  type SyncRecordCalls,
  type TokenRecord,
  type UniqueKeyKind,
  type WriteResult,
} from '../src/backend-kit.js';
import { BackedTokenStore, isTokenStoreError } from '../src/index.js';

/**
 * A memory backend whose asynchronous reads and writes fail the test: core must use its
 * synchronous calls, which answer from `inner` (or not at all while `busy`).
 */
class SyncOnly extends MemoryBackend {
  readonly inner = new MemoryBackend(new MemoryDatabase().namespace('t'), 't');
  readonly asyncCalls: string[] = [];
  busy = false;
  throws: unknown;

  constructor() {
    super(new MemoryDatabase().namespace('unused'), 'unused');
  }

  override get sync(): SyncRecordCalls {
    const inner = this.inner.sync as SyncRecordCalls;
    const answer = <T>(work: () => T): T | undefined => {
      if (this.throws !== undefined) throw this.throws;
      return this.busy ? undefined : work();
    };
    return {
      get: (id) => answer(() => inner.get(id)),
      findByKey: (kind, digest) => answer(() => inner.findByKey(kind, digest)),
      insert: (record) => answer(() => inner.insert(record)),
      replace: (next, previous) => answer(() => inner.replace(next, previous)),
    };
  }

  override get(id: string): Promise<TokenRecord | null> {
    this.asyncCalls.push('get');
    return this.inner.get(id);
  }
  override findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    this.asyncCalls.push('findByKey');
    return this.inner.findByKey(kind, digest);
  }
  override insert(record: TokenRecord): Promise<WriteResult> {
    this.asyncCalls.push('insert');
    return this.inner.insert(record);
  }
  override replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    this.asyncCalls.push('replace');
    return this.inner.replace(next, previous);
  }
}

describe('synchronous backend calls', () => {
  it('finds, inserts and updates through them, with no asynchronous backend call', async () => {
    const backend = new SyncOnly();
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    const updated = await store.saveToken({ userName: 'u', accessToken: 'a2' });
    expect(updated.version).toBe(2);
    expect((await store.findToken({ userName: 'u' }))?.accessToken).toBe('a2');
    expect((await store.findToken({ accessToken: 'a2' }))?.id).toBe(saved.id);
    expect(await store.findToken({ accessToken: 'a1' })).toBeNull();
    expect((await store.findTokenById(saved.id))?.version).toBe(2);
    expect(await store.saveToken({ id: saved.id, apiDomain: 'd' })).toMatchObject({ version: 3 });
    expect(backend.asyncCalls).toEqual([]);
  });

  it('falls back to the asynchronous call when the backend cannot answer now', async () => {
    const backend = new SyncOnly();
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    backend.busy = true;
    expect((await store.findToken({ userName: 'u' }))?.id).toBe(saved.id);
    expect((await store.findTokenById(saved.id))?.id).toBe(saved.id);
    expect((await store.saveToken({ userName: 'u', accessToken: 'a2' })).version).toBe(2);
    expect(backend.asyncCalls).toEqual(['findByKey', 'get', 'findByKey', 'replace']);
  });

  it('rejects with STORE_UNAVAILABLE (cause kept) when a synchronous call throws, and STORE_CLOSED once closed', async () => {
    const backend = new SyncOnly();
    const store = new BackedTokenStore(backend);
    backend.throws = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    const error = await store.findToken({ userName: 'u' }).catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as { cause?: unknown }).cause).toBe(backend.throws);
    backend.throws = undefined;
    await store.close();
    const closed = await store.findTokenById('x').catch((e: unknown) => e);
    expect(isTokenStoreError(closed, 'STORE_CLOSED')).toBe(true);
  });

  it('finds read records without their keys where the backend can (findDataByKey, getData), and only finds', async () => {
    const backend = new SyncOnly();
    const calls: string[] = [];
    /** What the backend answers for a data read: the record's, unless a test says otherwise. */
    let answer = (record: TokenRecord | null | undefined): RecordData | null | undefined =>
      record === null || record === undefined
        ? record
        : { id: record.id, version: record.version, data: record.data };
    const sync = backend.sync;
    const withData: SyncRecordCalls = {
      ...sync,
      findDataByKey: (kind, digest) => {
        calls.push(`findDataByKey ${kind}`);
        return answer(sync.findByKey(kind, digest));
      },
      getData: (id) => {
        calls.push('getData');
        return answer(sync.get(id));
      },
    };
    Object.defineProperty(backend, 'sync', { value: withData });
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    await store.saveToken({ userName: 'u', apiDomain: 'd' });
    expect(calls).toEqual([]); // saves need the record's keys: findByKey
    const found = await store.findToken({ userName: 'u' });
    expect(found).toEqual({ ...saved, apiDomain: 'd', version: 2, updatedAt: found?.updatedAt });
    expect(await store.findTokenById(saved.id)).toEqual(found);
    expect(calls).toEqual(['findDataByKey userName', 'getData']);

    // The token must hold the key, and the id be the one asked for, as after findByKey and get.
    answer = () => ({ id: saved.id, version: 2, data: '{"userName":"someone else"}' });
    expect(await store.findToken({ userName: 'u' })).toBeNull();
    answer = () => ({ id: 'other', version: 2, data: '{"userName":"u"}' });
    expect(await store.findTokenById(saved.id)).toBeNull();
    // A corrupt record is refused with its code; when the backend cannot answer now, the find
    // goes on as without data reads (a find by key tries the synchronous findByKey first).
    answer = () => ({ id: saved.id, version: 2, data: '{"userName":"u","expiresAt":-1}' });
    await expect(store.findToken({ userName: 'u' })).rejects.toMatchObject({
      code: 'CORRUPT_RECORD',
    });
    await expect(store.findTokenById(saved.id)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    answer = () => undefined;
    expect((await store.findToken({ userName: 'u' }))?.id).toBe(saved.id);
    expect((await store.findTokenById(saved.id))?.id).toBe(saved.id);
    expect(backend.asyncCalls).toEqual(['get']);
  });

  it('MemoryBackend offers them, and withholds them from a subclass that overrides a call', () => {
    const space = new MemoryDatabase().namespace('t');
    expect(new MemoryBackend(space, 't').sync).toBeDefined();
    class Counting extends MemoryBackend {
      override findByKey(kind: UniqueKeyKind, digest: string) {
        return super.findByKey(kind, digest);
      }
    }
    expect(new Counting(space, 't').sync).toBeUndefined();
  });
});

describe('digestKey', () => {
  it('hashes the JSON of [kind, ...parts], for parts JSON must escape', () => {
    const parts = ['quote " back \\ slash', 'nul \u0000 tab \t', 'lone \ud800 surrogate', '😀 é'];
    for (const key of [
      { kind: 'userName' as const, parts: [parts[0] as string] },
      { kind: 'refreshToken' as const, parts: [parts[1] as string, parts[2] as string] },
      { kind: 'grantToken' as const, parts: [parts[3] as string, ''] },
      { kind: 'accessToken' as const, parts: ['a'] },
    ]) {
      const expected = hash('sha256', JSON.stringify([key.kind, ...key.parts]), 'base64url');
      expect(digestKey(key)).toBe(expected);
    }
  });
});
