import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeRecord, type SyncRecordCalls, type TokenRecord } from '../src/backend-kit.js';
import { BackedTokenStore } from '../src/index.js';
import { mergeToken } from '../src/merge.js';
import { STRING_FIELDS } from '../src/token.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const memory = () => new MemoryBackend(new MemoryDatabase().namespace('t'), 't');

describe('tokens of frozen records, decoded once', () => {
  it('a memory store parses a record once and hands out a fresh copy on every read', async () => {
    const store = new BackedTokenStore(memory());
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1', expiresAt: 5 });
    const parse = vi.spyOn(JSON, 'parse');
    const first = await store.findToken({ userName: 'u' });
    const byId = await store.findTokenById(saved.id);
    expect(parse).not.toHaveBeenCalled();
    expect(first).toEqual(saved);
    expect(byId).toEqual(saved);
    (first as { accessToken: string }).accessToken = 'changed by the caller';
    const again = await store.findToken({ userName: 'u' });
    expect(again).toEqual(saved);
    expect(again).not.toBe(first);
    expect(Object.isFrozen(again)).toBe(false);
  });

  it('the memory backend keeps a frozen record as it is and copies one that is not', () => {
    const space = new MemoryDatabase().namespace('t');
    const sync = new MemoryBackend(space, 't').sync as SyncRecordCalls;
    const fields = { userName: 'u', accessToken: 'a' };
    const frozen = encodeRecord({ id: 'f', ...fields }, 1);
    Object.freeze(frozen.keys);
    Object.freeze(frozen);
    const open = encodeRecord({ id: 'o', userName: 'v', accessToken: 'b' }, 1);
    expect(sync.insert(frozen)).toEqual({ status: 'ok' });
    expect(sync.insert(open)).toEqual({ status: 'ok' });
    expect(space.records.get('f')).toBe(frozen);
    expect(space.records.get('o')).not.toBe(open);
    expect(Object.isFrozen(space.records.get('o'))).toBe(true);
  });

  it('decodes again when a frozen record object no longer holds the data it was decoded from', async () => {
    // A backend that hands out one frozen object whose data is a getter (nothing core writes
    // looks like this): the kept token must not outlive the data it came from.
    let data = JSON.stringify({ userName: 'u', accessToken: 'a1' });
    const first = encodeRecord({ id: 'i', userName: 'u', accessToken: 'a1' }, 1);
    const record: TokenRecord = Object.freeze({
      id: 'i',
      version: 1,
      keys: Object.freeze({ ...first.keys }),
      get data() {
        return data;
      },
    });
    class OneRecord extends MemoryBackend {
      override get sync(): SyncRecordCalls {
        return {
          get: () => record,
          findByKey: () => record,
          insert: () => ({ status: 'stale' }),
          replace: () => ({ status: 'stale' }),
        };
      }
    }
    const store = new BackedTokenStore(new OneRecord(new MemoryDatabase().namespace('x'), 'x'));
    expect((await store.findTokenById('i'))?.accessToken).toBe('a1');
    data = JSON.stringify({ userName: 'u', accessToken: 'a2' });
    expect((await store.findTokenById('i'))?.accessToken).toBe('a2');
  });
});

/** Hands out a new, unfrozen copy of a record on every read, as SQLite's rows are. */
class RowsBackend extends MemoryBackend {
  reads = 0;
  override get sync(): SyncRecordCalls {
    const inner = super.sync as SyncRecordCalls;
    const row = (record: TokenRecord | null | undefined) => {
      this.reads++;
      return record === null || record === undefined
        ? record
        : { ...record, data: `${record.data} `.trimEnd() };
    };
    return {
      get: (id) => row(inner.get(id)),
      findByKey: (kind, digest) => row(inner.findByKey(kind, digest)),
      insert: (record) => inner.insert(record),
      replace: (next, previous) => inner.replace(next, previous),
    };
  }
}

describe('tokens of rows (new objects on every read), kept by id', () => {
  const rows = () => new RowsBackend(new MemoryDatabase().namespace('t'), 't');

  it('parses a row once: later reads of the same id, version and data copy the kept token', async () => {
    const backend = rows();
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1', expiresAt: 5 });
    backend.reads = 0;
    const parse = vi.spyOn(JSON, 'parse');
    const first = await store.findToken({ userName: 'u' });
    expect(parse).toHaveBeenCalledTimes(1); // the first row this store reads
    const second = await store.findToken({ accessToken: 'a1' });
    const byId = await store.findTokenById(saved.id);
    expect(backend.reads).toBe(3);
    expect(parse).toHaveBeenCalledTimes(1);
    expect([first, second, byId]).toEqual([saved, saved, saved]);
    (first as { accessToken: string }).accessToken = 'changed by the caller';
    expect(await store.findToken({ userName: 'u' })).toEqual(saved);
    expect(Object.isFrozen(second)).toBe(false);
    // From then on, a save keeps what it wrote: the next read parses nothing.
    const updated = await store.saveToken({ userName: 'u', accessToken: 'a2' });
    expect(await store.findToken({ accessToken: 'a2' })).toEqual(updated);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('decodes a row again once another writer changed it (other data or version)', async () => {
    const database = new MemoryDatabase();
    const store = new BackedTokenStore(new RowsBackend(database.namespace('t'), 't'));
    const other = new BackedTokenStore(new MemoryBackend(database.namespace('t'), 't'));
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(await store.findToken({ userName: 'u' })).toEqual(saved); // kept at version 1
    // Deleted and saved again under the same id: version 1 again, other data.
    await other.deleteToken(saved.id);
    await other.saveToken({ id: saved.id, userName: 'u', accessToken: 'a3', apiDomain: 'd' });
    expect(await store.findTokenById(saved.id)).toMatchObject({
      accessToken: 'a3',
      apiDomain: 'd',
      version: 1,
    });
    await other.saveToken({ id: saved.id, accessToken: 'a2' });
    expect(await store.findToken({ userName: 'u' })).toMatchObject({
      accessToken: 'a2',
      version: 2,
    });
  });

  it('keeps at most 1,024 rows: the first kept is decoded again', async () => {
    const store = new BackedTokenStore(rows());
    await store.saveToken({ id: 't0', userName: 'u0', accessToken: 'a0' });
    await store.findTokenById('t0'); // the first row read: rows are kept from now on
    for (let i = 1; i <= 1_024; i++) {
      await store.saveToken({ id: `t${i}`, userName: `u${i}`, accessToken: `a${i}` });
    }
    const parse = vi.spyOn(JSON, 'parse');
    expect(await store.findTokenById('t1024')).toMatchObject({ userName: 'u1024' });
    expect(parse).not.toHaveBeenCalled();
    expect(await store.findTokenById('t0')).toMatchObject({ userName: 'u0' });
    expect(parse).toHaveBeenCalledTimes(1);
  });
  it('while reads keep missing, keeps only some rows read, and every token it writes', async () => {
    const store = new BackedTokenStore(rows());
    const ids = Array.from({ length: 3_000 }, (_, i) => `t${i}`);
    for (const id of ids)
      await store.saveToken({ id, userName: `u-${id}`, accessToken: `a-${id}` });
    const parse = vi.spyOn(JSON, 'parse');
    // Every row in turn, twice: more than the 1,024 kept, so the reads churn the cache.
    for (let round = 0; round < 2; round++) for (const id of ids) await store.findTokenById(id);
    const churned = parse.mock.calls.length;
    expect(churned).toBeGreaterThan(2 * 3_000 * 0.75);
    // Keeping every row read would keep none long enough to be read again: all 6,000 parsed.
    expect(churned).toBeLessThan(2 * 3_000);
    // A few rows read again and again get kept all the same: after a while they parse no more.
    const hot = ids.slice(0, 8);
    // (While churning, one miss in 16 is kept: at most 8 x 16 rounds to keep all eight.)
    for (let round = 0; round < 128; round++) for (const id of hot) await store.findTokenById(id);
    const warm = parse.mock.calls.length;
    for (let round = 0; round < 8; round++) {
      for (const id of hot) expect(await store.findTokenById(id)).toMatchObject({ id });
    }
    expect(parse.mock.calls.length).toBe(warm);
    // A token the store writes is kept whatever the reads did.
    const saved = await store.saveToken({ id: 't2999', accessToken: 'rotated' });
    const written = parse.mock.calls.length; // the save read the row it merged onto
    expect(await store.findTokenById('t2999')).toEqual(saved);
    expect(parse.mock.calls.length).toBe(written);
  });
});

/** Without synchronous calls, every call a round trip that answers new objects (Redis's replies). */
class RemoteRowsBackend extends MemoryBackend {
  readonly remote = true;
  override get sync(): undefined {
    return undefined;
  }
  override async get(id: string): Promise<TokenRecord | null> {
    const record = await super.get(id);
    return record === null ? null : { ...record, data: `${record.data} `.trimEnd() };
  }
  override async findByKey(
    kind: Parameters<MemoryBackend['findByKey']>[0],
    digest: string,
  ): Promise<TokenRecord | null> {
    const record = await super.findByKey(kind, digest);
    return record === null ? null : { ...record, data: `${record.data} `.trimEnd() };
  }
}

describe("tokens of a remote backend's replies, kept by id", () => {
  it('parses a reply once: later replies with the same id, version and data copy the kept token', async () => {
    const database = new MemoryDatabase();
    const store = new BackedTokenStore(new RemoteRowsBackend(database.namespace('t'), 't'));
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    const parse = vi.spyOn(JSON, 'parse');
    const first = await store.findToken({ userName: 'u' });
    expect(parse).toHaveBeenCalledTimes(1); // the first reply this store reads
    expect(await store.findToken({ accessToken: 'a1' })).toEqual(saved);
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    expect(parse).toHaveBeenCalledTimes(1);
    (first as { accessToken: string }).accessToken = 'changed by the caller';
    expect(await store.findToken({ userName: 'u' })).toEqual(saved);
    // Another writer's change is decoded.
    const other = new BackedTokenStore(new MemoryBackend(database.namespace('t'), 't'));
    await other.saveToken({ id: saved.id, accessToken: 'a2' });
    const before = parse.mock.calls.length;
    expect(await store.findTokenById(saved.id)).toMatchObject({ accessToken: 'a2', version: 2 });
    expect(parse).toHaveBeenCalledTimes(before + 1);
  });
});

describe('tokens of large rows', () => {
  it('keeps fewer of them: about 2 MiB of data, so 16 KiB tokens number about 120', async () => {
    const store = new BackedTokenStore(new RowsBackend(new MemoryDatabase().namespace('t'), 't'));
    const secret = 's'.repeat(16 * 1024);
    await store.saveToken({ id: 't0', accessToken: 'a0', clientSecret: secret });
    await store.findTokenById('t0'); // the first row read: rows are kept from now on
    for (let i = 1; i < 200; i++) {
      await store.saveToken({ id: `t${i}`, accessToken: `a${i}`, clientSecret: secret });
    }
    const parse = vi.spyOn(JSON, 'parse');
    for (let i = 199; i >= 0; i--) await store.findTokenById(`t${i}`);
    // Each find of a row no longer kept parses it (and keeps it, pushing out an older one).
    expect(parse.mock.calls.length).toBeGreaterThan(60);
    expect(parse.mock.calls.length).toBeLessThan(90);
  });
});

describe('mergeToken', () => {
  it('keeps every field of the stored token that the patch leaves out, and takes the patch’s', () => {
    const stored: Record<string, unknown> = { expiresAt: 1 };
    for (const field of STRING_FIELDS) stored[field] = `stored ${field}`;
    const kept = mergeToken(stored as { id: string }, {}, 7);
    expect(kept).toEqual({ ...stored, updatedAt: 7 });
    const patch: Record<string, unknown> = { expiresAt: 2 };
    for (const field of STRING_FIELDS) patch[field] = `patched ${field}`;
    const merged = mergeToken(stored as { id: string }, patch, 8);
    expect(merged).toEqual({ ...patch, id: 'stored id', updatedAt: 8 });
  });
});
