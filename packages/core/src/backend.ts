import type { Capabilities } from './capabilities.js';
import type { UniqueKeyKind } from './lookup-key.js';
import type { RecordData, TokenRecord, WriteResult } from './record.js';

/**
 * What core passes with each backend call. `signal` is aborted (its `reason` a
 * `STORE_UNAVAILABLE` error) once the call has outlived the store's `operationTimeoutMs`: core
 * has already rejected the call then, and a backend whose driver can cancel its work (an
 * `AbortSignal` option, a query cancel) should hand the signal on, so that abandoned work stops
 * instead of running on. The signal is made on first read: a backend that cannot cancel should
 * not read it.
 */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /**
   * A long bulk call (`clear` of a large namespace, which takes many requests) calls this after
   * each step it completes: the timeout then bounds a stall, not the whole job, so a namespace
   * of any size can be cleared while a backend that stops answering still times out.
   */
  readonly progress?: () => void;
}

/**
 * Synchronous forms of a backend's keyed reads and writes, for a backend whose driver answers in
 * the calling thread (in-process maps, better-sqlite3). Core uses them when it can and skips the
 * promise hops and deadline bookkeeping of an asynchronous call (a synchronous call cannot
 * outlive a timeout anyway). Each does exactly what the asynchronous method of the same name
 * does, or returns `undefined` when it cannot answer right now (another process holds a lock)
 * without having changed anything: core then makes the asynchronous call. Errors are thrown
 * (core wraps them as it wraps a rejection).
 *
 * The records core writes through these calls are frozen (the record and its `keys`), so a
 * backend may keep them as they are. A backend that then returns the same frozen object for a
 * record until it is replaced (an in-process map) lets core decode each record once: core keeps
 * the token of a frozen record it has decoded or written, and hands out copies of it, for as
 * long as the object holds the same id, version and data. Records that are not frozen are
 * decoded on every read, as before.
 */
export interface SyncRecordCalls {
  /** {@link RecordBackend.get}, synchronously. */
  get(id: string): TokenRecord | null | undefined;
  /** {@link RecordBackend.findByKey}, synchronously. */
  findByKey(kind: UniqueKeyKind, digest: string): TokenRecord | null | undefined;
  /**
   * Optional: {@link SyncRecordCalls.findByKey} for a find, which hands out only the token: the
   * record's id, version and data, without its `keys`, which a backend that keeps them apart
   * (SQLite's key columns) then need not read. Core checks the token it decodes holds the key,
   * as after `findByKey`. Absent: core calls `findByKey`. Saves always call `findByKey`.
   */
  findDataByKey?(kind: UniqueKeyKind, digest: string): RecordData | null | undefined;
  /** Optional: {@link SyncRecordCalls.get} for a find, likewise without the record's `keys`. */
  getData?(id: string): RecordData | null | undefined;
  /** {@link RecordBackend.insert}, synchronously. */
  insert(record: TokenRecord): WriteResult | undefined;
  /** {@link RecordBackend.replace}, synchronously. */
  replace(next: TokenRecord, previous: TokenRecord): WriteResult | undefined;
}

/**
 * The seam between core and a storage backend. A backend implements these primitives with its
 * native indexes and atomic operations; {@link BackedTokenStore} builds the whole contract
 * (validation, lookup rules, merging, versions, retries, errors) on top of them, so every store
 * gets the same semantics and every future core feature at once.
 *
 * A backend may throw anything: core wraps unknown errors as `STORE_UNAVAILABLE` (or
 * `STORE_MISCONFIGURED` when the error says `misconfigured: true`, with its `reason` in the
 * message: see `BackendFailureInfo`), naming the operation and the store. A backend that
 * knows better (a record it cannot read: `CORRUPT_RECORD`) throws a `TokenStoreError` itself.
 */
export interface RecordBackend {
  /**
   * True when every call is a round trip to a server (Redis, a database server, a cloud API).
   * Core then lets a save start from the record this store read or wrote moments before (the
   * find of a refresh) instead of reading it again; the write is a compare-and-set, so a stale
   * start costs one more call. Declare it only if `replace` answers `stale` unless the stored
   * record is still the one `previous` was read as: its version, its keys (`previous.keys`) and
   * its `data` (`previous.data`), or a revision the backend gives every write (a secret's version
   * id). The version alone does not tell: a token deleted and saved again under its id (by
   * another instance) restarts at version 1, often with the same keys, and merging onto the
   * record read before would put the old fields back. Equal data loses nothing. Leave it unset
   * for in-process backends (memory, SQLite), where a read is cheaper than a wasted write (a
   * write lock, with several processes).
   */
  readonly remote?: boolean;
  /**
   * With {@link RecordBackend.remote}: true when every `stale` that `replace` answers carries
   * the record stored now (`current` in {@link WriteResult}), read atomically with the check.
   * A save that started from a stale record then costs no extra round trip, so core keeps the
   * records it may start from for as long as they fit, not only for a moment.
   */
  readonly staleReportsCurrent?: boolean;
  /**
   * Optional {@link SyncRecordCalls}; core reads it once, when the store is built. A backend
   * that offers them must leave them out when a subclass overrides the asynchronous methods
   * (core would otherwise bypass the override).
   */
  readonly sync?: SyncRecordCalls | undefined;
  /** The record with this id, or null. */
  get(id: string, options?: CallOptions): Promise<TokenRecord | null>;
  /** The record whose key of this kind has this digest, or null. Uses an index: never a scan. */
  findByKey(
    kind: UniqueKeyKind,
    digest: string,
    options?: CallOptions,
  ): Promise<TokenRecord | null>;
  /**
   * Atomically inserts the record if no record has its id or any of its keys. A record this
   * backend cannot hold (larger than its value limit) is refused by throwing an `INVALID_TOKEN`
   * `TokenStoreError` before anything is written; core passes it on to the caller. The
   * same holds for `replace`.
   */
  insert(record: TokenRecord, options?: CallOptions): Promise<WriteResult>;
  /**
   * Atomically replaces the record with `next.id` if its stored version is still
   * `previous.version` (a {@link RecordBackend.remote} backend checks more: its keys and data
   * too), moving its unique keys from `previous.keys` to `next.keys`; `duplicate`
   * when another record holds one of `next.keys`. `previous` is a record this backend returned
   * (a `get`, `findByKey`, `scan`), with its `revision` as it was, or one core built after a
   * write, with the revision of that write's {@link WriteResult}, or with none: a backend whose
   * compare-and-set needs a revision reads it again then.
   */
  replace(next: TokenRecord, previous: TokenRecord, options?: CallOptions): Promise<WriteResult>;
  /** Removes the record and its keys; true if there was one. */
  delete(id: string, options?: CallOptions): Promise<boolean>;
  /**
   * Atomically removes the record with this id only if its stored version is `version`:
   * `deleted`, `stale` (another version is stored: nothing removed) or `absent`. Optional:
   * without it, a conditional delete is a read and then a delete (not atomic). Only the version
   * is checked: a token deleted and saved again under the same id meanwhile, at the same version,
   * is removed too. Ids the store assigns are never reused, so `prune` and the lease sweep (whose
   * leases always get new ids) never meet one; see the core README on reused ids.
   */
  deleteIfVersion?(
    id: string,
    version: number,
    options?: CallOptions,
  ): Promise<'deleted' | 'stale' | 'absent'>;
  /**
   * Pages through every record of this namespace, about `pageSize` at a time, each record that
   * exists for the whole scan exactly once. Never loads the whole namespace at once.
   */
  scan(pageSize: number): AsyncIterable<readonly TokenRecord[]>;
  /** Removes every record of this namespace and nothing else. */
  clear(options?: CallOptions): Promise<void>;
  /** Releases what the backend opened (not a client the caller passed in). */
  close(): Promise<void>;
  /**
   * Removes what the backend keeps of records as they were before they were overwritten or
   * deleted: a SQLite file's free pages and WAL, a Redis append-only file, a database's
   * storage files, older versions. Core calls it after `reencrypt()` rewrote records, so that
   * no plaintext of a migrated record stays at rest. It may be slow (it can rewrite the whole
   * database) and may touch more than this namespace (it never changes another's data).
   * Optional: a backend that keeps no such history, or cannot remove it, omits it and says so
   * in its README.
   */
  compact?(): Promise<void>;
  /**
   * A health check: resolves when the backend answers, throws when it cannot be reached. Make it
   * the cheapest round trip the backend has (Redis `PING`, MongoDB `{ ping: 1 }`, `SELECT 1`),
   * touching no token. Optional: without it, `BackedTokenStore.ping()` looks up an id that no
   * token has.
   */
  ping?(): Promise<void>;
  /** A short description for `util.inspect`, such as `sqlite tokens.db table=tokens`. No secrets. */
  describe(): string;
  /**
   * What this backend lacks (see {@link Capabilities}), when it lacks anything: declared here so
   * that the conformance suite and `tokenstore check` read it instead of restating it.
   * Omitted: it has every capability.
   */
  capabilities?(): Promise<Capabilities>;
}
