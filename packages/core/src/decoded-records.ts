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
 * Tokens decoded from the records an in-process backend keeps as objects: such a backend (the
 * memory store) hands out the same frozen record object until the record is replaced, so a
 * second read of it need not parse and validate its JSON again. Only frozen records are kept
 * (a backend that builds a new object per read, as SQLite's does, would only fill the map), and
 * an entry counts only while the record still holds the id, version and data it was decoded
 * from. Entries go with their records (a WeakMap): nothing to bound or evict. Core uses it for
 * the plain codec only, so an encrypted store never keeps decrypted tokens.
 */
export class DecodedRecords {
  readonly #entries = new WeakMap<RecordData, Entry>();

  /** A fresh token object for `record` (the caller's to keep or hand out). */
  decode(record: RecordData, decode: (record: RecordData) => StoredToken): StoredToken {
    // A record that is not frozen (a SQLite row's) is never kept: no map lookup for it.
    if (!Object.isFrozen(record)) return decode(record);
    const entry = this.#entries.get(record);
    if (
      entry !== undefined &&
      entry.data === record.data &&
      entry.version === record.version &&
      entry.id === record.id
    ) {
      return { ...entry.token };
    }
    const token = decode(record);
    this.remember(record, token);
    return token;
  }

  /** Keeps `token` (copied) as what `record` decodes to, if `record` is frozen. */
  remember(record: RecordData, token: StoredToken): void {
    if (!Object.isFrozen(record)) return;
    const { id, version, data } = record;
    this.#entries.set(record, { id, version, data, token: Object.freeze({ ...token }) });
  }
}
