import { closeSync, openSync } from 'node:fs';
import { TokenStoreError } from '@tokenstore/core';
import Database from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS, whileBusySync } from './busy-retry.js';

/** How a store opens its own database file. */
export interface OpenOptions {
  readonly busyTimeoutMs: number;
  readonly synchronous: 'FULL' | 'NORMAL';
  /** Open read-only: the file must exist, and nothing is created or written (not even WAL). */
  readonly readOnly?: boolean;
}

/** In-memory and temporary databases have no file of their own to create. */
function isFile(filename: string): boolean {
  return filename !== '' && filename !== ':memory:';
}

/**
 * Opens (creating if needed) a database file for a store. A new file is created with mode
 * 0600 before SQLite sees it, because it will hold secrets; SQLite creates the `-wal` and
 * `-shm` files with the database file's mode. An existing file keeps its mode.
 * WAL lets readers run beside the one writer. SQLite's own busy timeout is 0: the backend
 * waits for another process's lock itself (see busy-retry).
 */
export function openDatabase(filename: string, options: OpenOptions): Database.Database {
  try {
    if (options.readOnly === true) {
      return new Database(filename, {
        readonly: true,
        fileMustExist: true,
        timeout: SQLITE_BUSY_TIMEOUT_MS,
      });
    }
    if (isFile(filename)) closeSync(openSync(filename, 'a', 0o600));
    // SQLite's busy wait blocks the event loop and looks at the lock seldom: the backend waits
    // for busyTimeoutMs itself, asynchronously after a few sub-millisecond looks (busy-retry).
    const db = new Database(filename, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    try {
      // Turning a fresh file to WAL takes its exclusive lock, and SQLite answers SQLITE_BUSY at
      // once, without its busy wait, while another process does the same (4 processes opening
      // one new file: 1 store in 60 failed "database is locked"); a first statement meets
      // SQLITE_BUSY_RECOVERY while another process rebuilds the WAL index: retry both for the
      // busy timeout.
      whileBusySync(() => {
        db.pragma(`synchronous = ${options.synchronous}`);
        db.pragma('journal_mode = WAL');
      }, options.busyTimeoutMs);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } catch (error) {
    throw new TokenStoreError(
      'STORE_UNAVAILABLE',
      `SqliteTokenStore: could not open ${JSON.stringify(filename)}`,
      { cause: error },
    );
  }
}
