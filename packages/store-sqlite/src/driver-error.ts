import { type BackendFailureInfo, missingTableReason } from '@tokenstore/core/backend';
import { quoted } from './table-name.js';

/** better-sqlite3's error for a statement on a table that is not there (`main.` if qualified). */
const NO_SUCH_TABLE = /^no such table: (?:main\.)?([A-Za-z0-9_]+)$/;

/**
 * The store's table gone from under a store that set it up: dropped or renamed by another
 * connection. SQLite then answers every statement with `no such table`, which no retry fixes,
 * so it is reported as `STORE_MISCONFIGURED` (not a retryable `STORE_UNAVAILABLE`), naming the
 * table. The cause is SQLite's own error (its message names the table, nothing else).
 */
export class SqliteTableMissingError extends Error implements BackendFailureInfo {
  override readonly name = 'SqliteTableMissingError';
  readonly code = 'SQLITE_ERROR';
  readonly misconfigured = true;
  readonly reason: string;

  constructor(table: string, cause: unknown) {
    super(missingTableReason(quoted(table)), { cause });
    this.reason = this.message;
  }
}

/**
 * `error`, or a {@link SqliteTableMissingError} when it is SQLite's `no such table` for the
 * store's `table`. Anything else (a busy database included) is passed on as it is.
 */
export function classified(error: unknown, table: string): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'SQLITE_ERROR' || typeof message !== 'string') return error;
  const missing = NO_SUCH_TABLE.exec(message)?.[1];
  return missing?.toLowerCase() === table ? new SqliteTableMissingError(table, error) : error;
}
