import { BoundedMap } from './bounded-map.js';
import type { UniqueKeyKind } from './lookup-key.js';
import type { TokenRecord, WriteResult } from './record.js';

/**
 * Names kept: a record is kept under its id and usually one key digest, so about 1,024 tokens
 * of the usual size (1-2 KiB).
 */
const CAPACITY = 2_048;
/**
 * And at most this many characters of record data in all (a record counted once per name it is
 * kept under): about 4 MiB, so that 16 KiB tokens do not make it 32 MiB.
 */
const MAX_DATA = 4 * 1024 * 1024;
/** What a kept record costs besides its data: its id, key digests and the map entry. */
const ENTRY_OVERHEAD = 512;
/**
 * The default age limit: a guess older than this is not used, since a stale guess costs one more
 * round trip on a backend whose `stale` does not carry the current record.
 */
const FRESH_MS = 2_000;

interface Entry {
  readonly record: TokenRecord;
  readonly at: number;
  /** What it counts against {@link MAX_DATA}. */
  readonly size: number;
}

/** The record as written: with the revision the backend gave the write, when it gave one. */
export function asWritten(record: TokenRecord, result: WriteResult): TokenRecord {
  return result.status === 'ok' && result.revision !== undefined
    ? { ...record, revision: result.revision }
    : record;
}

/** The name a record is kept under: its id, or the digest of a key it was found by. */
export function recentName(
  id: string | undefined,
  kind: UniqueKeyKind | undefined,
  digest: string | undefined,
): string | undefined {
  if (id !== undefined) return `#${id}`;
  return kind === undefined || digest === undefined ? undefined : `${kind}:${digest}`;
}

/**
 * The records this store read or wrote last, by id or by the digest of the key they were found
 * under. A save starts from one of them instead of reading the backend again (a refresh is then
 * a find and one write). Only ever a guess: the write is a compare-and-set (on the version, the
 * keys and the data: see `RecordBackend.remote`), and a save whose guess was stale reads the
 * backend and starts over. Finds never answer from here. Records are never handed out, so
 * callers cannot change them.
 *
 * A record of a deleted token must not be kept under any name: a token saved again under its id
 * starts at version 1 again, often with the same keys, and a save starting from the old record
 * would merge onto the old fields. So {@link RecentRecords.deleted} drops every name of an id,
 * and a read or write that was under way while a delete ran is not kept (see
 * {@link RecentRecords.mark}).
 */
export class RecentRecords {
  /** The oldest go first (a name kept again keeps its place), the newest whatever its size. */
  readonly #entries = new BoundedMap<Entry>({
    maxEntries: CAPACITY,
    maxSize: MAX_DATA,
    sizeOf: (entry) => entry.size,
    onEvict: (name, entry) => this.#unlink(entry.record.id, name),
  });
  /** The names each id's records are kept under: a delete drops them without a scan. */
  readonly #namesOf = new Map<string, Set<string>>();
  /** Counts deletes and clears: a record read before one of them is not kept after it. */
  #forgets = 0;
  readonly #maxAgeMs: number;

  /**
   * `maxAgeMs`: how long a kept record may start a save; `Infinity` for a backend whose `stale`
   * hands back the current record, where an old guess costs no extra round trip.
   */
  constructor(maxAgeMs: number = FRESH_MS) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** The record kept under `name` if it is fresh enough to start a save from. */
  get(name: string | undefined): TokenRecord | undefined {
    if (name === undefined) return undefined;
    const entry = this.#entries.get(name);
    if (entry === undefined) return undefined;
    if (performance.now() - entry.at > this.#maxAgeMs) {
      this.#drop(name);
      return undefined;
    }
    return entry.record;
  }

  /**
   * Taken before a backend call whose record is then kept: {@link RecentRecords.remember} keeps
   * it only if no delete or clear started or ended meanwhile, since the call may have read a
   * record that the delete removed (or written one just before it).
   */
  mark(): number {
    return this.#forgets;
  }

  /**
   * Keeps `record` under each given name (undefined ones are skipped), unless a delete or clear
   * came since `since` (a {@link RecentRecords.mark} taken before the record was read).
   */
  remember(record: TokenRecord, since: number, name: string | undefined, other?: string): void {
    if (since !== this.#forgets) return;
    const entry: Entry = {
      record,
      at: performance.now(),
      size: record.data.length + ENTRY_OVERHEAD,
    };
    if (name !== undefined) this.#set(name, entry);
    if (other !== undefined && other !== name) this.#set(other, entry);
  }

  /** Drops what is kept under `name` (a guess that did not hold the key it was kept under). */
  forget(name: string | undefined): void {
    if (name !== undefined) this.#drop(name);
  }

  /**
   * Drops every record of this id, under whatever name it is kept (its id, or the digest of a
   * key it was found by): a write starting from one found it stale.
   */
  forgetId(id: string): void {
    const names = this.#namesOf.get(id);
    if (names === undefined) return;
    for (const name of names) this.#drop(name);
  }

  /**
   * The token with this id is being deleted, or was just deleted: drops its records, as
   * {@link RecentRecords.forgetId}, and keeps none that a call under way now read or wrote.
   * Called both before the delete and after it.
   */
  deleted(id: string): void {
    this.#forgets++;
    this.forgetId(id);
  }

  clear(): void {
    this.#forgets++;
    this.#entries.clear();
    this.#namesOf.clear();
  }

  /** Keeps `entry` under `name`, and `name` among the names of its id. */
  #set(name: string, entry: Entry): void {
    const { id } = entry.record;
    // Linked before the set, which may evict other names of this id.
    const names = this.#namesOf.get(id);
    if (names === undefined) this.#namesOf.set(id, new Set([name]));
    else names.add(name);
    const old = this.#entries.set(name, entry);
    if (old !== undefined && old.record.id !== id) this.#unlink(old.record.id, name);
  }

  #drop(name: string): void {
    const entry = this.#entries.delete(name);
    if (entry !== undefined) this.#unlink(entry.record.id, name);
  }

  /** Takes `name` off the names `id`'s records are kept under. */
  #unlink(id: string, name: string): void {
    const names = this.#namesOf.get(id);
    names?.delete(name);
    if (names?.size === 0) this.#namesOf.delete(id);
  }
}
