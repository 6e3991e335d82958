import type { UniqueKeyKind } from './lookup-key.js';

/**
 * The digests of a record's unique keys, by kind. A kind is missing when the token does not
 * hold that key. Digests are fixed-length URL-safe strings, so no token value (a secret, a NUL,
 * a 16 KiB JWT) ever becomes a key name, an index entry or part of a driver's error message.
 */
export type RecordKeys = { readonly [K in UniqueKeyKind]?: string };

/**
 * What a backend persists for one token. Core builds it and reads it back; the backend stores
 * the fields as they are and never interprets `data`.
 */
export interface TokenRecord {
  /** The token's id: the primary key. */
  readonly id: string;
  /** 1 on insert, +1 on each write. */
  readonly version: number;
  /** Unique index entries: at most one record per digest of each kind. */
  readonly keys: RecordKeys;
  /** The token's fields, encoded by core (JSON text). */
  readonly data: string;
  /**
   * Where the backend has one, what its next conditional write of this record needs that the
   * other fields do not say (a secret's version id, an ETag), so that it need not read the
   * record again. The backend sets it on the records it returns and in {@link WriteResult};
   * core never reads or makes one, and hands a record back unchanged as `previous` of
   * `replace`. Optional: absent on the records core builds, and ignored by backends without one.
   */
  readonly revision?: string;
}

/**
 * What a find needs of a stored record: the token's id, version and data, without the record's
 * `keys` (see {@link SyncRecordCalls.findDataByKey}). A {@link TokenRecord} is one.
 */
export interface RecordData {
  /** The token's id. */
  readonly id: string;
  /** The record's version. */
  readonly version: number;
  /** The token's fields, encoded by core (JSON text). */
  readonly data: string;
}

/**
 * The outcome of a conditional write.
 * - `ok`: written; `revision`, when the backend has one, is the written record's (see
 *   {@link TokenRecord.revision}): core keeps it with the record it may start the next save from.
 * - `duplicate`: another record holds the id (insert) or one of the unique keys; nothing written.
 *   `key` names the key when the backend knows it (for the error message only).
 * - `stale`: (replace) the stored version is not the expected one, or the record is gone.
 *   `current`, from a backend that declares {@link RecordBackend.staleReportsCurrent}, is the
 *   record stored under the id now (null: none), read in the same atomic step: core merges onto
 *   it without reading again.
 */
export type WriteResult =
  | { readonly status: 'ok'; readonly revision?: string }
  | { readonly status: 'duplicate'; readonly key?: UniqueKeyKind | 'id' }
  | { readonly status: 'stale'; readonly current?: TokenRecord | null };
