import type { UniqueKeyKind } from './lookup-key.js';
import type { TokenRecord, WriteResult } from './record.js';

/** Records kept; each is about 1-2 KiB, so a store keeps at most about half a MiB. */
const CAPACITY = 256;
/** A guess older than this is not used: it bounds how stale a save's first attempt can start. */
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
 * a find and one write). Only ever a guess: the write is a compare-and-set on the version, and a
 * save whose guess was stale reads the backend and starts over. Finds never answer from here.
 * Records are never handed out, so callers cannot change them.
 */
export class RecentRecords {
  readonly #entries = new Map<string, Entry>();

  /** The record kept under `name` if it is fresh enough to start a save from. */
  get(name: string | undefined): TokenRecord | undefined {
    if (name === undefined) return undefined;
    const entry = this.#entries.get(name);
    if (entry === undefined) return undefined;
    if (performance.now() - entry.at > FRESH_MS) {
      this.#entries.delete(name);
      return undefined;
    }
    return entry.record;
  }

  /** Keeps `record` under each given name (undefined ones are skipped). */
  remember(record: TokenRecord, name: string | undefined, other?: string): void {
    const entry: Entry = { record, at: performance.now() };
    if (name !== undefined) this.#set(name, entry);
    if (other !== undefined && other !== name) this.#set(other, entry);
  }

  /** Drops what is kept under `name` (a guess that turned out stale, a deleted id). */
  forget(name: string | undefined): void {
    if (name !== undefined) this.#entries.delete(name);
  }

  clear(): void {
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
