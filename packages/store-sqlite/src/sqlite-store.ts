import {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  checkBackedStoreOptions,
} from '@tokenstore/core/backend';
import type { Database } from 'better-sqlite3';
import { openDatabase } from './open-database.js';
import { SqliteBackend } from './sqlite-backend.js';
import { checkTableName } from './table-name.js';

/**
 * Options of {@link SqliteTokenStore}: exactly one of `filename` (the store opens and closes
 * the database) or `database` (an open better-sqlite3 database that stays yours).
 */
export type SqliteTokenStoreOptions = SqliteFileOptions | SqliteDatabaseOptions;

/** What every {@link SqliteTokenStoreOptions} may have. */
export interface SqliteCommonOptions extends BackedTokenStoreOptions {
  /**
   * The table holding this store's tokens: its namespace. Several stores may share one file
   * with different tables. ASCII letters, digits and `_` (SQLite compares table names
   * case-insensitively). Default `"tokens"`.
   */
  table?: string;
}

/** Options of a {@link SqliteTokenStore} on an open database of the caller's. */
export interface SqliteDatabaseOptions extends SqliteCommonOptions {
  /**
   * An open better-sqlite3 `Database`. The store never closes it and leaves its settings
   * (journal mode, busy timeout, synchronous) as you made them.
   */
  database: Database;
  filename?: never;
  busyTimeoutMs?: never;
  synchronous?: never;
  readOnly?: never;
}

/** Options of a {@link SqliteTokenStore} that opens (and closes) a database file. */
export interface SqliteFileOptions extends SqliteCommonOptions {
  /** Path of the database file; created with mode 0600 if it does not exist. */
  filename: string;
  database?: never;
  /**
   * With `filename`: how long a call waits for another connection's lock before failing with
   * `STORE_UNAVAILABLE`, in milliseconds, and never past `operationTimeoutMs`. The wait is
   * asynchronous after a few looks at the lock within the first 0.75 ms (the only time it
   * blocks the event loop). Default 5000.
   */
  busyTimeoutMs?: number;
  /**
   * With `filename`: SQLite's `synchronous` setting. `FULL` (default) syncs the WAL to disk on
   * every commit, so a save that resolved survives a power loss too; `NORMAL` is faster and
   * survives a process crash, but an OS crash or power loss may lose the latest saves.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * With `filename`: open the file read-only, for tools that only read (exports, a migration's
   * source). The file must exist and hold this store's table; nothing is created or written, not
   * even a journal. Writes reject with `STORE_UNAVAILABLE`. Default `false`.
   */
  readOnly?: boolean;
}

const DEFAULT_TABLE = 'tokens';
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

function checkOptions(options: SqliteTokenStoreOptions): void {
  const { filename, database, busyTimeoutMs, synchronous } = options;
  if ((filename === undefined) === (database === undefined)) {
    throw new TypeError('SqliteTokenStore: give exactly one of filename and database');
  }
  if (filename !== undefined && typeof filename !== 'string') {
    throw new TypeError('SqliteTokenStore: filename must be a string');
  }
  if (database !== undefined) {
    if (typeof database?.prepare !== 'function') {
      throw new TypeError('SqliteTokenStore: database must be a better-sqlite3 Database');
    }
    if (!database.open) throw new TypeError('SqliteTokenStore: database is closed');
    if (
      busyTimeoutMs !== undefined ||
      synchronous !== undefined ||
      options.readOnly !== undefined
    ) {
      throw new TypeError(
        'SqliteTokenStore: busyTimeoutMs, synchronous and readOnly apply only with filename; set them on your database',
      );
    }
  }
  if (
    busyTimeoutMs !== undefined &&
    (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0 || busyTimeoutMs > 2 ** 31 - 1)
  ) {
    throw new RangeError('SqliteTokenStore: busyTimeoutMs must be a non-negative integer');
  }
  if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new RangeError('SqliteTokenStore: synchronous must be "FULL" or "NORMAL"');
  }
}

/**
 * A token store in a SQLite database file through better-sqlite3: one table per store, unique
 * indexes on every key, parameterised SQL, WAL, and safe for several processes sharing the file.
 *
 * Misused options throw a `TypeError` or `RangeError` at once; a file that cannot be opened
 * throws a `TokenStoreError` with code `STORE_UNAVAILABLE`. The table is created on first use.
 */
export class SqliteTokenStore extends BackedTokenStore {
  constructor(options: SqliteTokenStoreOptions) {
    checkOptions(options);
    const table = checkTableName(options.table ?? DEFAULT_TABLE);
    // Core's options too, before the file is opened: a refused constructor creates no file.
    checkBackedStoreOptions(options);
    const target =
      options.database !== undefined
        ? { db: options.database, table, owned: false }
        : {
            db: openDatabase(options.filename, {
              busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
              synchronous: options.synchronous ?? 'FULL',
              readOnly: options.readOnly === true,
            }),
            table,
            owned: true,
            busyBudgetMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
          };
    try {
      super(new SqliteBackend(target), options);
    } catch (error) {
      // Core's options were checked above, so this is not expected; should the backend or core
      // still throw, close the database the store opened, which nothing could close later.
      if (target.owned && target.db.open) target.db.close();
      throw error;
    }
  }
}
