import {
  checkRecordedTable,
  SQL_KEY_COLUMNS,
  type SqlFoundTable,
  TokenStoreError,
  unrecordedTableVerdict,
} from '@tokenstore/core/backend';
import type { Database } from 'better-sqlite3';
import { quoted, SCHEMA_TABLE } from './table-name.js';

/** The schema version this code writes and reads; bump it with a migration step. */
export const SCHEMA_VERSION = 1;

/** The column holding each kind of unique key digest: the layout every SQL store shares. */
export const KEY_COLUMNS = SQL_KEY_COLUMNS;

/** The DDL of a token table at {@link SCHEMA_VERSION}. */
export function createTableSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoted(table)} (
  id TEXT NOT NULL PRIMARY KEY,
  version INTEGER NOT NULL,
  ${KEY_COLUMNS.userName} TEXT UNIQUE,
  ${KEY_COLUMNS.accessToken} TEXT UNIQUE,
  ${KEY_COLUMNS.refreshToken} TEXT UNIQUE,
  ${KEY_COLUMNS.grantToken} TEXT UNIQUE,
  data TEXT NOT NULL
)`;
}

/** Each column's type as {@link existingTable} reads back a table {@link createTableSql} made. */
const COLUMN_TYPES = {
  id: 'text',
  version: 'integer',
  user_key: 'text',
  access_key: 'text',
  refresh_key: 'text',
  grant_key: 'text',
  data: 'text',
} as const;

/**
 * What the database holds under the table's name (the table or view an unqualified name
 * reaches), or `undefined` when nothing: its columns, each with whether a unique index (the
 * primary key's included) covers it alone, and whether it holds a row.
 */
function existingTable(db: Database, table: string): SqlFoundTable | undefined {
  const columns = db
    .prepare('SELECT name, lower(type) AS type FROM pragma_table_info(?)')
    .all(table) as { name: string; type: string }[];
  if (columns.length === 0) return undefined;
  const unique = new Set(
    db
      .prepare(
        `SELECT max(info.name) FROM pragma_index_list(?) AS list, pragma_index_info(list.name) AS info
         WHERE list."unique" = 1 AND list.partial = 0 GROUP BY list.name HAVING count(*) = 1`,
      )
      .pluck()
      .all(table) as (string | null)[],
  );
  const row = db.prepare(`SELECT 1 FROM ${quoted(table)} LIMIT 1`).get();
  return {
    columns: columns.map(({ name, type }) => ({ name, type, unique: unique.has(name) })),
    empty: row === undefined,
  };
}

/** What `tokenstore_schema` records of a table, and whether the table is there. */
interface Recorded {
  readonly version: number;
  readonly exists: boolean;
}

/** The table's schema row and whether the name reaches a table (or view); none: no row. */
function recordOf(db: Database, table: string): Recorded | undefined {
  const version = db
    .prepare(`SELECT version FROM ${quoted(SCHEMA_TABLE)} WHERE table_name = ?`)
    .pluck()
    .get(table) as number | undefined;
  if (version === undefined) return undefined;
  // pragma_table_info resolves an unqualified name as the store's statements do.
  const exists = db.prepare('SELECT 1 FROM pragma_table_info(?) LIMIT 1').get(table) !== undefined;
  return { version, exists };
}

/** Throws unless the recorded table is there at this version (core's `checkRecordedTable`). */
function checkRecorded(table: string, { version, exists }: Recorded): void {
  checkRecordedTable({
    table: quoted(table),
    found: version,
    exists,
    reads: SCHEMA_VERSION,
    store: '@tokenstore/store-sqlite',
  });
}

/**
 * Reads the schema row without the write lock, so that a new store on an existing table never
 * waits for another process's writer; undefined when there is no schema table yet (or it
 * cannot be read now): the locked set-up then decides.
 */
function recordedNow(db: Database, table: string): Recorded | undefined {
  try {
    return recordOf(db, table);
  } catch {
    return undefined;
  }
}

/**
 * Creates the token table and records its schema version, once per table, idempotently: any
 * number of stores and processes may run it at the same time. UNIQUE columns give each key
 * kind its own index (NULLs, the keys a token lacks, never collide); `id` is the primary key.
 * The version lives in a row per table of a shared table rather than in `PRAGMA
 * user_version`, because several token tables (namespaces) may share one database file. A
 * table of that name with no schema row is adopted only if it has this layout and no rows;
 * otherwise the set-up throws `STORE_MISCONFIGURED` and writes nothing (the transaction rolls
 * back; core's `unrecordedTableVerdict`). A schema row whose table is gone is refused too, and
 * nothing is created (core's `checkRecordedTable`).
 */
export function ensureSchema(db: Database, table: string): void {
  const recorded = recordedNow(db, table);
  if (recorded !== undefined) {
    checkRecorded(table, recorded);
    return;
  }
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
    const found = recordOf(db, table);
    if (found !== undefined) return checkRecorded(table, found);
    const verdict = unrecordedTableVerdict({
      table: name,
      store: '@tokenstore/store-sqlite',
      found: existingTable(db, table),
      types: COLUMN_TYPES,
    });
    if (verdict === 'create') db.exec(createTableSql(table));
    db.prepare(`INSERT INTO ${quoted(SCHEMA_TABLE)} (table_name, version) VALUES (?, ?)`).run(
      table,
      SCHEMA_VERSION,
    );
  });
  // IMMEDIATE: take the write lock first, so two processes never both decide to create.
  setUp.immediate();
}
