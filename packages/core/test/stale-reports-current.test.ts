import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenRecord, WriteResult } from '../src/backend-kit.js';
import { BackedTokenStore, isTokenStoreError } from '../src/index.js';
import { CountingBackend } from './counting-backend.js';

/**
 * A remote backend whose `stale` carries the record stored now (as Redis's replace script
 * does), counting the calls core makes. `reports: false` makes it a remote backend without that.
 */
class ReportingBackend extends CountingBackend {
  readonly staleReportsCurrent: boolean;

  constructor(database: MemoryDatabase, reports = true) {
    super(database.namespace('t'), 't');
    this.staleReportsCurrent = reports;
  }

  override async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const result = await super.replace(next, previous);
    if (result.status !== 'stale' || !this.staleReportsCurrent) return result;
    return { status: 'stale', current: await MemoryBackend.prototype.get.call(this, next.id) };
  }
}

function stores(reports = true) {
  const database = new MemoryDatabase();
  const backend = new ReportingBackend(database, reports);
  const other = new BackedTokenStore(new MemoryBackend(database.namespace('t'), 't'));
  return { backend, store: new BackedTokenStore(backend), other };
}

const TOKEN = { userName: 'u', accessToken: 'a0', refreshToken: 'r', clientId: 'c' };

describe('a save whose start was stale, on a backend that reports the current record', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('merges onto the reported record: two writes, no read', async () => {
    const { backend, store, other } = stores();
    await store.saveToken(TOKEN);
    await other.saveToken({ userName: 'u', apiDomain: 'https://d', accessToken: 'b' });
    backend.calls.length = 0;
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['replace', 'replace']);
    expect(saved).toMatchObject({ ...TOKEN, accessToken: 'a1', apiDomain: 'https://d' });
    expect(saved.version).toBe(3);
    expect(await other.findToken({ userName: 'u' })).toEqual(saved);
  });

  it('without the report, the same save reads first (three calls)', async () => {
    const { backend, store, other } = stores(false);
    await store.saveToken(TOKEN);
    await other.saveToken({ userName: 'u', apiDomain: 'https://d' });
    backend.calls.length = 0;
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['replace', 'findByKey', 'replace']);
  });

  it('keeps a record to start from for longer than two seconds (a stale one costs no read)', async () => {
    const { backend, store } = stores();
    await store.saveToken(TOKEN);
    const now = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(now + 60_000);
    backend.calls.length = 0;
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['replace']);
  });

  it('a backend without the report does not start from a record older than two seconds', async () => {
    const { backend, store } = stores(false);
    await store.saveToken(TOKEN);
    const now = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(now + 60_000);
    backend.calls.length = 0;
    await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['findByKey', 'replace']);
  });

  it('a reported record that no longer holds the lookup key is not updated: the key is looked up', async () => {
    const { backend, store, other } = stores();
    const first = await store.saveToken(TOKEN);
    await other.saveToken({ id: first.id, userName: 'moved' });
    backend.calls.length = 0;
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['replace', 'findByKey', 'insert']);
    expect(saved.id).not.toBe(first.id);
    expect(saved.version).toBe(1);
    expect(await other.findTokenById(first.id)).toMatchObject({ userName: 'moved', version: 2 });
  });

  it('a record reported gone (deleted) is looked up, and the save inserts', async () => {
    const { backend, store, other } = stores();
    const first = await store.saveToken(TOKEN);
    // Deleted through the other instance: this one still has the record to start from.
    await other.deleteToken(first.id);
    backend.calls.length = 0;
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    expect(backend.calls).toEqual(['replace', 'findByKey', 'insert']);
    expect(saved).toMatchObject({ userName: 'u', accessToken: 'a1', version: 1 });
    expect(saved.refreshToken).toBeUndefined();
  });

  it('expectedVersion is decided on the reported record', async () => {
    const { backend, store, other } = stores();
    const first = await store.saveToken(TOKEN);
    await other.saveToken({ id: first.id, apiDomain: 'https://d' });
    backend.calls.length = 0;
    const error = await store
      .saveToken({ id: first.id, accessToken: 'a1' }, { expectedVersion: 1 })
      .catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'VERSION_CONFLICT')).toBe(true);
    expect(backend.calls).toEqual(['replace']);
    expect(await other.findTokenById(first.id)).toMatchObject({ accessToken: 'a0', version: 2 });
  });

  it('a write that is stale again merges onto the record reported the second time', async () => {
    const { backend, store, other } = stores();
    const first = await store.saveToken(TOKEN);
    await other.saveToken({ id: first.id, apiDomain: 'https://one' });
    // The first retry is stale too: another write lands between the report and the retry.
    const replace = backend.replace.bind(backend);
    let writes = 0;
    vi.spyOn(backend, 'replace').mockImplementation(async (next, previous) => {
      writes++;
      if (writes === 2) await other.saveToken({ id: first.id, expiresAt: 7 });
      return replace(next, previous);
    });
    backend.calls.length = 0;
    const saved = await store.saveToken({ id: first.id, accessToken: 'a1' });
    expect(backend.calls).toEqual(['replace', 'replace', 'replace']);
    expect(saved).toMatchObject({
      accessToken: 'a1',
      apiDomain: 'https://one',
      expiresAt: 7,
      version: 4,
    });
  });
});
