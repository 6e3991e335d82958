import type {
  RecordBackend,
  RecordKeys,
  SyncRecordCalls,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { MemoryNamespace } from './memory-database.js';

const KINDS: readonly UniqueKeyKind[] = ['userName', 'accessToken', 'refreshToken', 'grantToken'];

const OK: WriteResult = Object.freeze({ status: 'ok' });
const STALE: WriteResult = Object.freeze({ status: 'stale' });

/**
 * The record to keep: what is stored can change only through the backend. A frozen record with
 * frozen keys (core hands over its records so) cannot change, so it is kept as it is: a find
 * then hands core the very object it wrote, whose token core has already (see core's
 * `DecodedRecords`). Anything else is copied and frozen.
 */
function kept(record: TokenRecord): TokenRecord {
  return Object.isFrozen(record) && Object.isFrozen(record.keys) ? record : frozenCopy(record);
}

function frozenCopy(record: TokenRecord): TokenRecord {
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const kind of KINDS) {
    const digest = record.keys[kind];
    if (digest !== undefined) keys[kind] = digest;
  }
  return Object.freeze({
    id: record.id,
    version: record.version,
    keys: Object.freeze(keys),
    data: record.data,
  });
}

/**
 * Record primitives over in-process maps. Every method runs to completion without awaiting, so
 * each is atomic with respect to every other call in the process; core calls them synchronously
 * through {@link MemoryBackend.sync}.
 */
export class MemoryBackend implements RecordBackend {
  readonly #space: MemoryNamespace;
  readonly #name: string;
  #sync: SyncRecordCalls | undefined;

  constructor(space: MemoryNamespace, name: string) {
    this.#space = space;
    this.#name = name;
  }

  /**
   * The synchronous calls core uses instead of the asynchronous ones; none in a subclass that
   * overrides one of those (a test double that counts, stalls or fails calls), which core must
   * then call.
   */
  get sync(): SyncRecordCalls | undefined {
    const own = MemoryBackend.prototype;
    if (
      this.get !== own.get ||
      this.findByKey !== own.findByKey ||
      this.insert !== own.insert ||
      this.replace !== own.replace
    ) {
      return undefined;
    }
    this.#sync ??= {
      get: (id) => this.#get(id),
      findByKey: (kind, digest) => this.#findByKey(kind, digest),
      insert: (record) => this.#insert(record),
      replace: (next, previous) => this.#replace(next, previous),
    };
    return this.#sync;
  }

  async get(id: string): Promise<TokenRecord | null> {
    return this.#get(id);
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    return this.#findByKey(kind, digest);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    return this.#insert(record);
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    return this.#replace(next, previous);
  }

  async delete(id: string): Promise<boolean> {
    const stored = this.#space.records.get(id);
    if (stored === undefined) return false;
    this.#unindex(stored.keys);
    this.#space.records.delete(id);
    return true;
  }

  async deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    const stored = this.#space.records.get(id);
    if (stored === undefined) return 'absent';
    if (stored.version !== version) return 'stale';
    await this.delete(id);
    return 'deleted';
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // The ids present at the start, each looked up when reached: a record present throughout
    // is yielded exactly once (as it is then), one deleted before it is reached is skipped, and
    // one saved during the scan at most once. Not the live Map: a record deleted and saved again
    // moves to its end, and would be reached a second time.
    const { records } = this.#space;
    const ids = [...records.keys()];
    let page: TokenRecord[] = [];
    for (const id of ids) {
      const record = records.get(id);
      if (record === undefined) continue;
      page.push(record);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  async clear(): Promise<void> {
    this.#space.records.clear();
    for (const kind of KINDS) this.#space.keys[kind].clear();
  }

  async close(): Promise<void> {}

  /** Memory is always there: nothing to reach. */
  async ping(): Promise<void> {}

  describe(): string {
    return `memory namespace=${JSON.stringify(this.#name)}`;
  }

  #get(id: string): TokenRecord | null {
    return this.#space.records.get(id) ?? null;
  }

  #findByKey(kind: UniqueKeyKind, digest: string): TokenRecord | null {
    const id = this.#space.keys[kind]?.get(digest);
    return id === undefined ? null : (this.#space.records.get(id) ?? null);
  }

  #insert(record: TokenRecord): WriteResult {
    if (this.#space.records.has(record.id)) return { status: 'duplicate', key: 'id' };
    const taken = this.#taken(record.keys, undefined);
    if (taken !== undefined) return { status: 'duplicate', key: taken };
    this.#write(record);
    return OK;
  }

  #replace(next: TokenRecord, previous: TokenRecord): WriteResult {
    const stored = this.#space.records.get(next.id);
    if (stored === undefined || stored.version !== previous.version) return STALE;
    const keys = this.#space.keys;
    // Only the keys that change are checked and moved (a refresh moves one): an unchanged one
    // already points at this record.
    for (const kind of KINDS) {
      const digest = next.keys[kind];
      if (digest === undefined || digest === stored.keys[kind]) continue;
      const holder = keys[kind].get(digest);
      if (holder !== undefined && holder !== next.id) return { status: 'duplicate', key: kind };
    }
    const frozen = kept(next);
    for (const kind of KINDS) {
      const before = stored.keys[kind];
      const after = frozen.keys[kind];
      if (before === after) continue;
      if (before !== undefined) keys[kind].delete(before);
      if (after !== undefined) keys[kind].set(after, frozen.id);
    }
    this.#space.records.set(frozen.id, frozen);
    return OK;
  }

  #taken(keys: RecordKeys, ownId: string | undefined): UniqueKeyKind | undefined {
    for (const kind of KINDS) {
      const digest = keys[kind];
      if (digest === undefined) continue;
      const holder = this.#space.keys[kind].get(digest);
      if (holder !== undefined && holder !== ownId) return kind;
    }
    return undefined;
  }

  #unindex(keys: RecordKeys): void {
    for (const kind of KINDS) {
      const digest = keys[kind];
      if (digest !== undefined) this.#space.keys[kind].delete(digest);
    }
  }

  #write(record: TokenRecord): void {
    const frozen = kept(record);
    this.#space.records.set(frozen.id, frozen);
    for (const kind of KINDS) {
      const digest = frozen.keys[kind];
      if (digest !== undefined) this.#space.keys[kind].set(digest, frozen.id);
    }
  }
}
