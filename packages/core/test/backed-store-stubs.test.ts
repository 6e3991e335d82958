import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import type { TokenRecord, WriteResult } from '../src/backend-kit.js';
import { BackedTokenStore, isTokenStoreError } from '../src/index.js';

// BackedTokenStore's own decisions, each against a stub backend that forces one situation.

function memory(): MemoryBackend {
  return new MemoryBackend(new MemoryDatabase().namespace('t'), 't');
}

async function rejection(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    expect(isTokenStoreError(error)).toBe(true);
    return error as { code: string; message: string };
  }
  throw new Error('expected a rejection');
}

/** Every replace loses to a writer that is never seen: the stored version moves on each time. */
class AlwaysStale extends MemoryBackend {
  replaces = 0;
  override async replace(): Promise<WriteResult> {
    this.replaces++;
    return { status: 'stale' };
  }
}

/** The first insert loses a race: another writer inserts the same token just before it. */
class LosesFirstInsert extends MemoryBackend {
  lost = false;
  constructor(readonly rival: (record: TokenRecord) => TokenRecord | undefined) {
    super(new MemoryDatabase().namespace('t'), 't');
  }
  override async insert(record: TokenRecord): Promise<WriteResult> {
    if (!this.lost) {
      this.lost = true;
      const winner = this.rival(record);
      if (winner !== undefined) await super.insert(winner);
      return { status: 'duplicate' };
    }
    return super.insert(record);
  }
}

/**
 * A remote backend with revisions: records it returns carry `read:<version>`, writes answer
 * `wrote:<version>`; it notes the revision of each `previous` core hands to `replace`.
 */
class RevisionBackend extends MemoryBackend {
  readonly remote = true;
  readonly previous: (string | undefined)[] = [];
  constructor() {
    super(new MemoryDatabase().namespace('t'), 't');
  }
  #revised(record: TokenRecord | null): TokenRecord | null {
    return record === null ? null : { ...record, revision: `read:${record.version}` };
  }
  override async get(id: string): Promise<TokenRecord | null> {
    return this.#revised(await super.get(id));
  }
  override async findByKey(
    ...args: Parameters<MemoryBackend['findByKey']>
  ): Promise<TokenRecord | null> {
    return this.#revised(await super.findByKey(...args));
  }
  override async insert(record: TokenRecord): Promise<WriteResult> {
    const result = await super.insert(record);
    return result.status === 'ok' ? { status: 'ok', revision: `wrote:${record.version}` } : result;
  }
  override async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    this.previous.push(previous.revision);
    const result = await super.replace(next, previous);
    return result.status === 'ok' ? { status: 'ok', revision: `wrote:${next.version}` } : result;
  }
}

describe('BackedTokenStore against stub backends', () => {
  it("hands a record's revision back unchanged as replace's previous: a read's, or a write's", async () => {
    const backend = new RevisionBackend();
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    await store.saveToken({ userName: 'u', expiresAt: 1 }); // starts from the insert just made
    await store.saveToken({ id: saved.id, expiresAt: 2 }); // and from that update
    await store.findToken({ userName: 'u' });
    await store.saveToken({ userName: 'u', expiresAt: 3 }); // from the record just found
    expect(backend.previous).toEqual(['wrote:1', 'wrote:2', 'read:3']);
    expect(await store.findTokenById(saved.id)).toMatchObject({ version: 4, expiresAt: 3 });
  });

  it('gives up a save that keeps losing races after maxSaveAttempts, with STORE_UNAVAILABLE', async () => {
    const backend = new AlwaysStale(new MemoryDatabase().namespace('t'), 't');
    const store = new BackedTokenStore(backend, { maxSaveAttempts: 5 });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    const error = await rejection(store.saveToken({ id: saved.id, apiDomain: 'x' }));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/5 attempts/);
    expect(backend.replaces).toBe(5);
    expect(await store.findTokenById(saved.id)).toEqual(saved); // nothing changed
  });

  it('with expectedVersion, a lost compare-and-set is VERSION_CONFLICT at once, not a retry', async () => {
    const backend = new AlwaysStale(new MemoryDatabase().namespace('t'), 't');
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    const error = await rejection(
      store.saveToken({ id: saved.id, apiDomain: 'x' }, { expectedVersion: 1 }),
    );
    expect(error.code).toBe('VERSION_CONFLICT');
    expect(backend.replaces).toBe(1);
  });

  it('an insert that lost the race for the same token becomes an update of the winner', async () => {
    const backend = new LosesFirstInsert((record) => ({ ...record, id: 'rival', version: 1 }));
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a', apiDomain: 'mine' });
    expect(saved.id).toBe('rival');
    expect(saved.version).toBe(2);
    expect(saved.apiDomain).toBe('mine');
    expect(await store.getTokens()).toHaveLength(1);
  });

  it('an insert refused for a value another token holds is DUPLICATE_KEY, and nothing is written', async () => {
    const store = new BackedTokenStore(memory());
    const holder = await store.saveToken({ userName: 'holder', accessToken: 'a' });
    const error = await rejection(store.saveToken({ userName: 'u', accessToken: 'a' }));
    expect(error.code).toBe('DUPLICATE_KEY');
    expect(await store.getTokens()).toEqual([holder]);
  });

  it('an insert refused while nothing holds the value (a racing delete) is retried, not DUPLICATE_KEY', async () => {
    const backend = new LosesFirstInsert(() => undefined);
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect(saved.version).toBe(1);
    expect(await store.getTokens()).toEqual([saved]);
  });

  it('an insert that lost the race, with expectedVersion 0, is VERSION_CONFLICT', async () => {
    const backend = new LosesFirstInsert((record) => ({ ...record, id: 'rival', version: 1 }));
    const store = new BackedTokenStore(backend);
    const error = await rejection(
      store.saveToken({ userName: 'u', accessToken: 'a' }, { expectedVersion: 0 }),
    );
    expect(error.code).toBe('VERSION_CONFLICT');
  });

  it('a backend insert that never answers rejects with STORE_UNAVAILABLE after operationTimeoutMs', async () => {
    class Hangs extends MemoryBackend {
      override insert(): Promise<WriteResult> {
        return new Promise(() => {});
      }
    }
    const store = new BackedTokenStore(new Hangs(new MemoryDatabase().namespace('t'), 't'), {
      operationTimeoutMs: 50,
    });
    const error = await rejection(store.saveToken({ accessToken: 'a' }));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/timed out|50 ms/);
  });

  it('wraps what a backend throws as STORE_UNAVAILABLE with the driver error as cause', async () => {
    class Throws extends MemoryBackend {
      override async get(): Promise<TokenRecord | null> {
        throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
      }
    }
    const store = new BackedTokenStore(new Throws(new MemoryDatabase().namespace('t'), 't'));
    const error = (await rejection(store.findTokenById('x'))) as {
      code?: string;
      cause?: { code?: string };
    };
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.cause?.code).toBe('ECONNRESET');
  });
});
