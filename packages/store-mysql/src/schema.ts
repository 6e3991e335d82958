import {
  checkRecordedTable,
  MAX_BINARY_ID_BYTES,
  SQL_KEY_COLUMNS,
  type SqlFoundTable,
  unrecordedTableVerdict,
} from '@tokenstore/core/backend';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { quoted, SCHEMA_TABLE } from './table-name.js';

/** The schema version this code writes and reads; bump it with a migration step. */
export const SCHEMA_VERSION = 1;

/** The longest key digest a column holds (core's are 43 characters). */
export const MAX_DIGEST_BYTES = 255;

/**
 * The DDL of a token table at {@link SCHEMA_VERSION}. Every compared column is binary
 * (VARBINARY): the default collations are case- and accent-insensitive and ignore trailing
 * spaces, and a binary column compares and orders bytes. `data` is a BLOB so that no
 * character-set conversion between client and server can touch it.
 */
export function createTableSql(table: string): string {
  const keys = Object.values(SQL_KEY_COLUMNS);
  return `CREATE TABLE IF NOT EXISTS ${quoted(table)} (
  id VARBINARY(${MAX_BINARY_ID_BYTES}) NOT NULL,
  version BIGINT NOT NULL,
  ${keys.map((column) => `${column} VARBINARY(${MAX_DIGEST_BYTES}) NULL,`).join('\n  ')}
  data LONGBLOB NOT NULL,
  PRIMARY KEY (id),
  ${keys.map((column) => `UNIQUE KEY ${column} (${column})`).join(',\n  ')}
) ENGINE=InnoDB ROW_FORMAT=DYNAMIC`;
}

/** Each column's type as {@link existingTable} reads back a table {@link createTableSql} made. */
const COLUMN_TYPES = {
  id: 'varbinary',
  version: 'bigint',
  user_key: 'varbinary',
  access_key: 'varbinary',
  refresh_key: 'varbinary',
  grant_key: 'varbinary',
  data: 'longblob',
} as const;

/** The columns of the table (or view) of that name in the connection's database. */
const READ_COLUMNS = `SELECT COLUMN_NAME AS name, LOWER(DATA_TYPE) AS type
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`;

/** The columns that a unique index (the primary key included) covers alone and whole. */
const READ_UNIQUE = `SELECT MAX(COLUMN_NAME) AS name
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0
GROUP BY INDEX_NAME HAVING COUNT(*) = 1 AND MAX(SUB_PART) IS NULL`;

/** What the database holds under the table's name, or `undefined` when nothing. */
async function existingTable(
  connection: PoolConnection,
  table: string,
): Promise<SqlFoundTable | undefined> {
  const [columns] = await connection.execute<RowDataPacket[]>(READ_COLUMNS, [table]);
  if (columns.length === 0) return undefined;
  const [unique] = await connection.execute<RowDataPacket[]>(READ_UNIQUE, [table]);
  const uniqueNames = new Set(unique.map((row) => String(row.name)));
  const [rows] = await connection.query<RowDataPacket[]>(`SELECT 1 FROM ${quoted(table)} LIMIT 1`);
  return {
    columns: columns.map((row) => ({
      name: String(row.name),
      type: String(row.type),
      unique: uniqueNames.has(String(row.name)),
    })),
    empty: rows.length === 0,
  };
}

const CREATE_SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS ${quoted(SCHEMA_TABLE)} (
  table_name VARBINARY(64) NOT NULL PRIMARY KEY,
  version INT NOT NULL
) ENGINE=InnoDB`;

/**
 * The table's schema row, and whether a table (or view) of that name is in the connection's
 * database (as {@link READ_COLUMNS} finds one): no row when the table was never set up.
 */
const READ_RECORD = `SELECT version, EXISTS (
  SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
) AS present
FROM ${quoted(SCHEMA_TABLE)} WHERE table_name = ?`;

/**
 * A named lock per database (GET_LOCK names are server-wide and at most 64 characters): set-up
 * is serialised so that two processes never both decide to create or to record a version.
 */
const LOCK_NAME = "CONCAT('tokenstore_schema.', MD5(COALESCE(DATABASE(), '')))";
const LOCK_WAIT_SECONDS = 30;

/** ER_NO_SUCH_TABLE: the schema table does not exist yet. */
const NO_SUCH_TABLE = 1146;

/** What `tokenstore_schema` records of a table, and whether the table is there. */
interface Recorded {
  readonly version: number;
  readonly exists: boolean;
}

/** Throws unless the recorded table is there at this version (core's `checkRecordedTable`). */
function checkRecorded(table: string, { version, exists }: Recorded): void {
  checkRecordedTable({
    table: quoted(table),
    found: version,
    exists,
    reads: SCHEMA_VERSION,
    store: '@tokenstore/store-mysql',
  });
}

async function recordOf(db: Pool | PoolConnection, table: string): Promise<Recorded | undefined> {
  const [rows] = await db.execute<RowDataPacket[]>(READ_RECORD, [table, Buffer.from(table)]);
  const row = rows[0];
  return row === undefined
    ? undefined
    : { version: Number(row.version), exists: Number(row.present) === 1 };
}

/**
 * Creates the token table and records its schema version, once per table: any number of
 * stores and processes may run this at the same time. A table already set up costs one
 * SELECT; otherwise the set-up runs on one connection holding GET_LOCK (DDL commits
 * implicitly in MySQL, so a transaction cannot serialise it). A table of that name with no
 * schema row is adopted only if it has this layout and no rows; otherwise the set-up throws
 * `STORE_MISCONFIGURED` and writes nothing (core's `unrecordedTableVerdict`). A schema row whose
 * table is gone is refused too, and nothing is created (core's `checkRecordedTable`).
 */
export async function ensureSchema(pool: Pool, table: string): Promise<void> {
  try {
    const found = await recordOf(pool, table);
    if (found !== undefined) return checkRecorded(table, found);
  } catch (error) {
    if ((error as { errno?: unknown } | null)?.errno !== NO_SUCH_TABLE) throw error;
  }
  const connection = await pool.getConnection();
  try {
    const [locked] = await connection.query<RowDataPacket[]>(
      `SELECT GET_LOCK(${LOCK_NAME}, ${LOCK_WAIT_SECONDS}) AS got`,
    );
    if (Number(locked[0]?.got) !== 1) {
      throw new Error(`timed out after ${LOCK_WAIT_SECONDS} s waiting for the schema set-up lock`);
    }
    try {
      await connection.query(CREATE_SCHEMA_TABLE);
      const found = await recordOf(connection, table);
      if (found !== undefined) return checkRecorded(table, found);
      // A table of that name without a schema row is the application's, unless it is an
      // empty one of this layout (what a set-up interrupted after its CREATE TABLE, which
      // commits on its own, leaves): refused before anything is written.
      const verdict = unrecordedTableVerdict({
        table: quoted(table),
        store: '@tokenstore/store-mysql',
        found: await existingTable(connection, table),
        types: COLUMN_TYPES,
      });
      if (verdict === 'create') await connection.query(createTableSql(table));
      await connection.execute(
        `INSERT INTO ${quoted(SCHEMA_TABLE)} (table_name, version) VALUES (?, ?)`,
        [Buffer.from(table), SCHEMA_VERSION],
      );
    } finally {
      await connection.query(`DO RELEASE_LOCK(${LOCK_NAME})`);
    }
  } finally {
    connection.release();
  }
}
