import { checkSchemaVersion, SQL_KEY_COLUMNS, TokenStoreError } from '@tokenstore/core/backend';
import type { Database } from 'better-sqlite3';
import { quoted, SCHEMA_TABLE } from './table-name.js';

/** The schema version this code writes and reads; bump it with a migration step. */
export const SCHEMA_VERSION = 1;

/** The column holding each kind of unique key digest: the layout every SQL store shares. */
export const KEY_COLUMNS = SQL_KEY_COLUMNS;

/**
 * Creates the token table and records its schema version, once per table, idempotently: any
 * number of stores and processes may run it at the same time. UNIQUE columns give each key
 * kind its own index (NULLs, the keys a token lacks, never collide); `id` is the primary key.
 * The version lives in a row per table of a shared table rather than in `PRAGMA
 * user_version`, because several token tables (namespaces) may share one database file.
 */
export function ensureSchema(db: Database, table: string): void {
  if (schemaInPlace(db, table)) return;
  // A read-only store (`readOnly`) never creates: no table of ours is there to read.
  if (db.readonly) {
    throw new TokenStoreError(
      'STORE_MISCONFIGURED',
      `table ${quoted(table)} is not a table of @tokenstore/store-sqlite (schema version ${SCHEMA_VERSION}), and a read-only store creates none`,
    );
  }
  const name = quoted(table);
  const setUp = db.transaction(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoted(SCHEMA_TABLE)} (
        table_name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
        version INTEGER NOT NULL
      )`,
    );
    const found = db
      .prepare(`SELECT version FROM ${quoted(SCHEMA_TABLE)} WHERE table_name = ?`)
      .pluck()
      .get(table) as number | undefined;
    if (found !== undefined) {
      return checkSchemaVersion({
        table: name,
        found,
        reads: SCHEMA_VERSION,
        store: '@tokenstore/store-sqlite',
      });
    }
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${name} (
        id TEXT NOT NULL PRIMARY KEY,
        version INTEGER NOT NULL,
        ${KEY_COLUMNS.userName} TEXT UNIQUE,
        ${KEY_COLUMNS.accessToken} TEXT UNIQUE,
        ${KEY_COLUMNS.refreshToken} TEXT UNIQUE,
        ${KEY_COLUMNS.grantToken} TEXT UNIQUE,
        data TEXT NOT NULL
      )`,
    );
    db.prepare(`INSERT INTO ${quoted(SCHEMA_TABLE)} (table_name, version) VALUES (?, ?)`).run(
      table,
      SCHEMA_VERSION,
    );
  });
  // IMMEDIATE: take the write lock first, so two processes never both decide to create.
  setUp.immediate();
}

/**
 * True when the table and its schema row at this version exist: read without the write lock,
 * so that a new store on an existing table never waits for another process's writer.
 */
function schemaInPlace(db: Database, table: string): boolean {
  try {
    const version = db
      .prepare(`SELECT version FROM ${quoted(SCHEMA_TABLE)} WHERE table_name = ?`)
      .pluck()
      .get(table);
    if (version !== SCHEMA_VERSION) return false;
    return (
      db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .pluck()
        .get(table) !== undefined
    );
  } catch {
    return false; // no schema table yet (or unreadable): the locked set-up below decides
  }
}
