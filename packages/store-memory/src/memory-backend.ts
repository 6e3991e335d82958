import type {
  RecordBackend,
  RecordKeys,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { MemoryNamespace } from './memory-database.js';

const slot = (kind: string, digest: string) => `${kind}:${digest}`;

function keySlots(keys: RecordKeys): [UniqueKeyKind, string][] {
  return (Object.entries(keys) as [UniqueKeyKind, string][]).map(([kind, digest]) => [
    kind,
    slot(kind, digest),
  ]);
}

/**
 * Record primitives over in-process maps. Every method runs to completion without awaiting, so
 * each is atomic with respect to every other call in the process.
 */
export class MemoryBackend implements RecordBackend {
  readonly #space: MemoryNamespace;
  readonly #name: string;

  constructor(space: MemoryNamespace, name: string) {
    this.#space = space;
    this.#name = name;
  }

  async get(id: string): Promise<TokenRecord | null> {
    return this.#space.records.get(id) ?? null;
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const id = this.#space.keys.get(slot(kind, digest));
    return id === undefined ? null : (this.#space.records.get(id) ?? null);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    if (this.#space.records.has(record.id)) return { status: 'duplicate', key: 'id' };
    const taken = this.#taken(record.keys, undefined);
    if (taken !== undefined) return { status: 'duplicate', key: taken };
    this.#write(record);
    return { status: 'ok' };
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const stored = this.#space.records.get(next.id);
    if (stored === undefined || stored.version !== previous.version) return { status: 'stale' };
    const taken = this.#taken(next.keys, next.id);
    if (taken !== undefined) return { status: 'duplicate', key: taken };
    for (const [, key] of keySlots(stored.keys)) this.#space.keys.delete(key);
    this.#write(next);
    return { status: 'ok' };
  }

  async delete(id: string): Promise<boolean> {
    const stored = this.#space.records.get(id);
    if (stored === undefined) return false;
    for (const [, key] of keySlots(stored.keys)) this.#space.keys.delete(key);
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
    // Map iteration is live: a record deleted before it is reached is skipped, and a replaced
    // one keeps its place, so each record present throughout is yielded exactly once.
    let page: TokenRecord[] = [];
    for (const record of this.#space.records.values()) {
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
    this.#space.keys.clear();
  }

  async close(): Promise<void> {}

  /** Memory is always there: nothing to reach. */
  async ping(): Promise<void> {}

  describe(): string {
    return `memory namespace=${JSON.stringify(this.#name)}`;
  }

  #taken(keys: RecordKeys, ownId: string | undefined): UniqueKeyKind | undefined {
    for (const [kind, key] of keySlots(keys)) {
      const holder = this.#space.keys.get(key);
      if (holder !== undefined && holder !== ownId) return kind;
    }
    return undefined;
  }

  #write(record: TokenRecord): void {
    const frozen = Object.freeze({ ...record, keys: Object.freeze({ ...record.keys }) });
    this.#space.records.set(record.id, frozen);
    for (const [, key] of keySlots(frozen.keys)) this.#space.keys.set(key, record.id);
  }
}
