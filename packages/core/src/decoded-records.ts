import { AdmissionGate } from './admission-gate.js';
import { BoundedMap } from './bounded-map.js';
import type { RecordData } from './record.js';
import type { StoredToken } from './token.js';

interface Entry {
  readonly id: string;
  readonly version: number;
  readonly data: string;
  /** Frozen: only ever copied out. */
  readonly token: Readonly<StoredToken>;
}

/**
 * Tokens kept by id for a backend whose records are new objects on every read (SQLite's rows,
 * Redis's replies):
 * at most this many, and at most {@link ROWS_DATA} characters of their data in all.
 */
const ROWS_KEPT = 1_024;
/** About 4 MiB with the tokens: 1,024 tokens of 1-2 KiB, or 128 of 16 KiB. */
const ROWS_DATA = 2 * 1024 * 1024;

/**
 * Tokens decoded from the records a store read or wrote, so that a second read of a record
 * need not parse and validate its JSON again. Core uses it for the plain codec only, so an
 * encrypted store never keeps decrypted tokens. An entry counts only while the record read
 * holds the id, version and data it was decoded from: a token deleted and saved again under its
 * id and version has other data (its `updatedAt`, at least), and equal data decodes equally.
 *
 * - A frozen record (the memory store hands out the same frozen object until the record is
 *   replaced) keeps its token in a WeakMap: entries go with their records, nothing to evict.
 * - Records that are new objects on every read (a SQLite row, a Redis reply) are kept by id,
 *   at most the last {@link ROWS_KEPT} (fewer if they are large; an id kept again keeps its place
 *   and holds the newer token); this map is made at the first such record, so a memory store
 *   never has it. While reads keep missing it (more tokens read in turn than it holds), only
 *   some of the rows read are kept ({@link AdmissionGate}); the tokens a store writes always are.
 */
export class DecodedRecords {
  readonly #entries = new WeakMap<RecordData, Entry>();
  #rows: BoundedMap<Entry> | undefined;
  readonly #gate = new AdmissionGate();

  /** A fresh token object for `record` (the caller's to keep or hand out). */
  decode(record: RecordData, decode: (record: RecordData) => StoredToken): StoredToken {
    const frozen = Object.isFrozen(record);
    if (!frozen && this.#rows === undefined) {
      this.#rows = new BoundedMap({
        maxEntries: ROWS_KEPT,
        maxSize: ROWS_DATA,
        sizeOf: (kept) => kept.data.length,
      });
    }
    const entry = frozen ? this.#entries.get(record) : this.#rows?.get(record.id);
    if (
      entry !== undefined &&
      entry.data === record.data &&
      entry.version === record.version &&
      entry.id === record.id
    ) {
      if (!frozen) this.#gate.hits++;
      return { ...entry.token };
    }
    const token = decode(record);
    // A frozen record's entry goes with it: nothing to churn. An outdated entry is replaced
    // either way (same key: no eviction), so it does not hold a place it can never serve.
    if (frozen || this.#gate.miss() || entry !== undefined) this.remember(record, token);
    return token;
  }

  /** Keeps `token` (copied) as what `record` decodes to. */
  remember(record: RecordData, token: StoredToken): void {
    const { id, version, data } = record;
    const entry = { id, version, data, token: Object.freeze({ ...token }) };
    if (this.#rows !== undefined) this.#rows.set(id, entry);
    else if (Object.isFrozen(record)) this.#entries.set(record, entry);
  }
}
