import type { UniqueKeyKind } from './lookup-key.js';
import type { TokenRecord, WriteResult } from './record.js';

/**
 * Names kept: a record is kept under its id and usually one key digest, so about 1,024 tokens.
 * Each record is about 1-2 KiB: a store keeps at most about 2 MiB.
 */
const CAPACITY = 2_048;
/**
 * The default age limit: a guess older than this is not used, since a stale guess costs one more
 * round trip on a backend whose `stale` does not carry the current record.
 */
const FRESH_MS = 2_000;

interface Entry {
  readonly record: TokenRecord;
  readonly at: number;
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
  readonly #entries = new Map<string, Entry>();
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
      this.#entries.delete(name);
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
    const entry: Entry = { record, at: performance.now() };
    if (name !== undefined) this.#set(name, entry);
    if (other !== undefined && other !== name) this.#set(other, entry);
  }

  /** Drops what is kept under `name` (a guess that did not hold the key it was kept under). */
  forget(name: string | undefined): void {
    if (name !== undefined) this.#entries.delete(name);
  }

  /**
   * Drops every record of this id, under whatever name it is kept (its id, or the digest of a
   * key it was found by): a write starting from one found it stale.
   */
  forgetId(id: string): void {
    this.#entries.delete(`#${id}`);
    for (const [name, entry] of this.#entries) {
      if (entry.record.id === id) this.#entries.delete(name);
    }
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
  }

  #set(name: string, entry: Entry): void {
    this.#entries.delete(name); // re-inserted last: the map's order is least recently kept first
    this.#entries.set(name, entry);
    if (this.#entries.size > CAPACITY) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
