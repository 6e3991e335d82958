import { setImmediate as tick } from 'node:timers/promises';
import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import type { RecordBackend, TokenRecord, UniqueKeyKind, WriteResult } from '../src/backend-kit.js';
import { byNamespace, type ConformanceOptions } from '../src/conformance.js';
import { BackedTokenStore } from '../src/index.js';

// Deliberately broken RecordBackends under a correct BackedTokenStore: each breaks one promise of
// the seam (backend.ts) the way hand-written backends do.

type Namespace = ReturnType<MemoryDatabase['namespace']>;
const kindOf = (kind: string) => kind as UniqueKeyKind;

/** Compare-and-set that reads, yields, then writes: two writers of one version both win. */
class NonAtomicCompareAndSet extends MemoryBackend {
  override async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const stored = await this.get(next.id);
    if (stored === null || stored.version !== previous.version) return { status: 'stale' };
    await tick();
    await this.delete(next.id);
    return this.insert(next);
  }
}

/** Replace writes the new key entries and leaves the old ones pointing at the record. */
class ReplaceLeavesOldKeys extends MemoryBackend {
  readonly #space: Namespace;
  constructor(space: Namespace, name: string) {
    super(space, name);
    this.#space = space;
  }
  override async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const stored = this.#space.records.get(next.id);
    if (stored === undefined || stored.version !== previous.version) return { status: 'stale' };
    for (const [kind, digest] of Object.entries(next.keys)) {
      const holder = this.#space.keys[kindOf(kind)].get(digest);
      if (holder !== undefined && holder !== next.id) return { status: 'duplicate' };
    }
    this.#space.records.set(next.id, next);
    for (const [kind, digest] of Object.entries(next.keys)) {
      this.#space.keys[kindOf(kind)].set(digest, next.id);
    }
    return { status: 'ok' };
  }
}

/** Uniqueness checked before the write, not with it: racing inserts sharing a value both land. */
class CheckThenInsertBackend extends MemoryBackend {
  readonly #space: Namespace;
  constructor(space: Namespace, name: string) {
    super(space, name);
    this.#space = space;
  }
  override async insert(record: TokenRecord): Promise<WriteResult> {
    if (this.#space.records.has(record.id)) return { status: 'duplicate', key: 'id' };
    for (const [kind, digest] of Object.entries(record.keys)) {
      if (this.#space.keys[kindOf(kind)].has(digest)) return { status: 'duplicate' };
    }
    await tick(); // the application's check is done; the write comes later
    this.#space.records.set(record.id, record);
    for (const [kind, digest] of Object.entries(record.keys)) {
      this.#space.keys[kindOf(kind)].set(digest, record.id);
    }
    return { status: 'ok' };
  }
}

/** Keyset pages by id, each page starting at the last id of the previous one (`>=`): repeats. */
class ScanRepeats extends MemoryBackend {
  readonly #space: Namespace;
  constructor(space: Namespace, name: string) {
    super(space, name);
    this.#space = space;
  }
  override async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    const ids = [...this.#space.records.keys()].sort();
    for (let at = 0; at < ids.length; at += pageSize) {
      const page = ids.slice(at === 0 ? 0 : at - 1, at + pageSize).flatMap((id) => {
        const record = this.#space.records.get(id);
        return record === undefined ? [] : [record];
      });
      yield page;
    }
  }
}

/** Keyset pages that skip the first record after each cursor (`> last + 1`): drops one per page. */
class ScanDrops extends MemoryBackend {
  readonly #space: Namespace;
  constructor(space: Namespace, name: string) {
    super(space, name);
    this.#space = space;
  }
  override async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    const ids = [...this.#space.records.keys()].sort();
    for (let at = 0; at < ids.length; at += pageSize + 1) {
      const page = ids.slice(at, at + pageSize).flatMap((id) => {
        const record = this.#space.records.get(id);
        return record === undefined ? [] : [record];
      });
      if (page.length > 0) yield page;
    }
  }
}

/** Reads the whole namespace into one page whatever pageSize is. */
class ScanIgnoresPageSize extends MemoryBackend {
  readonly #space: Namespace;
  constructor(space: Namespace, name: string) {
    super(space, name);
    this.#space = space;
  }
  override async *scan(_pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    const all = [...this.#space.records.values()];
    if (all.length > 0) yield all;
  }
}

/** clear() returns without removing anything. */
class ClearDoesNothing extends MemoryBackend {
  override async clear(): Promise<void> {}
}

/**
 * Declared `remote`, with a compare-and-set that checks the version and the keys the record was
 * read with, not its data: a token deleted and saved again by another instance under the same
 * id, version and keys is taken for the one read before.
 */
export class RemoteReplaceIgnoresData extends MemoryBackend {
  readonly remote = true;
  readonly #space: Namespace;
  constructor(space: Namespace, name: string) {
    super(space, name);
    this.#space = space;
  }
  override get sync(): undefined {
    return undefined;
  }
  override replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const stored = this.#space.records.get(next.id);
    const keys = (record: TokenRecord) => JSON.stringify(sortedKeys(record));
    if (stored === undefined || keys(stored) !== keys(previous)) {
      return Promise.resolve({ status: 'stale' });
    }
    return super.replace(next, previous); // checks the version, synchronously with the above
  }
}

/** A record's key digests, in one order, without absent ones. */
function sortedKeys(record: TokenRecord): [string, string | undefined][] {
  return Object.entries(record.keys)
    .filter(([, digest]) => digest !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Declared `remote` (a save may start from the record a find returned) while its compare-and-set
 * checks only the version, not that the record still holds the keys it was read with.
 */
class RemoteReplaceIgnoresKeys extends MemoryBackend {
  readonly remote = true;
  // The asynchronous calls only: the path a server's backend takes.
  override get sync(): undefined {
    return undefined;
  }
}

/**
 * An insert that overwrites a record with the same id (INSERT ... ON CONFLICT (id) DO UPDATE)
 * instead of reporting the duplicate: of racing saves under one new id, all but one are lost.
 */
class InsertOverwritesId extends MemoryBackend {
  override insert(record: TokenRecord): Promise<WriteResult> {
    // Both run to completion at once (no await between): one statement on the server.
    void this.delete(record.id);
    return super.insert(record);
  }
}

type BackendClass = new (space: Namespace, name: string) => RecordBackend;

/** A broken backend, and the cases that must catch it (at least these), `[]` when none can. */
export interface BrokenBackend {
  readonly defect: string;
  readonly options: ConformanceOptions;
  readonly caughtBy: readonly string[];
  /** Why the TokenStore suite cannot see this defect, when it cannot. */
  readonly unobservable?: string;
}

function under(Backend: BackendClass): ConformanceOptions {
  const database = new MemoryDatabase();
  return byNamespace(
    (namespace) => new BackedTokenStore(new Backend(database.namespace(namespace), namespace)),
  );
}

export const brokenBackends: readonly BrokenBackend[] = [
  {
    defect: 'a compare-and-set that is not atomic',
    options: under(NonAtomicCompareAndSet),
    caughtBy: [
      'concurrency › of concurrent saves with the same expectedVersion exactly one succeeds',
    ],
  },
  {
    defect: 'a remote backend whose compare-and-set does not check the keys it was read with',
    options: under(RemoteReplaceIgnoresKeys),
    caughtBy: [
      'persistence › a save never updates a token that another instance deleted and saved again under its id and version',
    ],
  },
  {
    defect: 'a remote backend whose compare-and-set does not check the data it was read with',
    options: under(RemoteReplaceIgnoresData),
    caughtBy: [
      'persistence › a save never merges onto a token that another instance deleted and saved again under its id, version and keys',
    ],
  },
  {
    defect: 'a replace that leaves the old key entries behind',
    options: under(ReplaceLeavesOldKeys),
    caughtBy: ['uniqueness › a unique value given up by one token can be taken by another'],
  },
  {
    defect: 'uniqueness checked before the insert instead of with it',
    options: under(CheckThenInsertBackend),
    caughtBy: [
      'concurrency › concurrent inserts of different users sharing a unique value: exactly one succeeds',
    ],
  },
  {
    defect: 'an insert that overwrites a record with the same id (an upsert)',
    options: under(InsertOverwritesId),
    caughtBy: [
      'concurrency › concurrent saves under one new id all resolve into one token whose version counts them',
    ],
  },
  {
    defect: 'a scan that repeats the last record of each page',
    options: under(ScanRepeats),
    caughtBy: ['listing › tokens() pages through every token exactly once'],
  },
  {
    defect: 'a scan that drops a record at each page boundary',
    options: under(ScanDrops),
    caughtBy: [
      'listing › tokens() and getTokens() list more tokens than any page a store uses on its own',
    ],
  },
  {
    defect: 'a scan that ignores pageSize (the whole namespace in one page)',
    options: under(ScanIgnoresPageSize),
    caughtBy: [],
    unobservable:
      'through the TokenStore contract a one-page scan is a snapshot, which the listing guarantee allows; only the memory it takes differs',
  },
  {
    defect: 'a clear that does nothing',
    options: under(ClearDoesNothing),
    caughtBy: ['delete › deleteTokens removes every token of the store'],
  },
];
