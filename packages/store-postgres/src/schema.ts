import {
  checkRecordedTable,
  SQL_KEY_COLUMNS,
  type SqlFoundTable,
  TokenStoreError,
  type UniqueKeyKind,
  unrecordedTableVerdict,
} from '@tokenstore/core/backend';
import type { Pool, PoolClient } from 'pg';
import { quoted, SCHEMA_TABLE } from './table-name.js';

/** The schema version this code writes and reads; bump it with a migration step. */
export const SCHEMA_VERSION = 1;

/**
 * The advisory lock every store takes while it sets up a table (any 64-bit number no other
 * application is likely to pick: "tokensto" in ASCII). CREATE TABLE IF NOT EXISTS alone is not
 * safe when two sessions run it at once (one fails on pg_type's unique index), so set-up is
 * serialised per database.
 */
const SCHEMA_LOCK = '8390042714203452527'; // 0x746f6b656e73746f

/** The constraint names, from which a unique violation tells which key another token holds. */
export function constraintNames(table: string): Record<UniqueKeyKind | 'id', string> {
  return {
    id: `${table}_pkey`,
    userName: `${table}_${SQL_KEY_COLUMNS.userName}`,
    accessToken: `${table}_${SQL_KEY_COLUMNS.accessToken}`,
    refreshToken: `${table}_${SQL_KEY_COLUMNS.refreshToken}`,
    grantToken: `${table}_${SQL_KEY_COLUMNS.grantToken}`,
  };
}

/** The DDL of a token table at {@link SCHEMA_VERSION}. */
export function createTableSql(table: string): string {
  const names = constraintNames(table);
  const unique = (kind: UniqueKeyKind) =>
    `CONSTRAINT ${quoted(names[kind])} UNIQUE (${SQL_KEY_COLUMNS[kind]})`;
  return `CREATE TABLE IF NOT EXISTS ${quoted(table)} (
  id bytea NOT NULL,
  version bigint NOT NULL,
  user_key text COLLATE "C",
  access_key text COLLATE "C",
  refresh_key text COLLATE "C",
  grant_key text COLLATE "C",
  data text NOT NULL,
  CONSTRAINT ${quoted(names.id)} PRIMARY KEY (id),
  ${unique('userName')},
  ${unique('accessToken')},
  ${unique('refreshToken')},
  ${unique('grantToken')}
)`;
}

/** Each column's type as {@link existingTable} reads back a table {@link createTableSql} made. */
const COLUMN_TYPES = {
  id: 'bytea',
  version: 'bigint',
  user_key: 'text',
  access_key: 'text',
  refresh_key: 'text',
  grant_key: 'text',
  data: 'text',
} as const;

/**
 * The columns of the relation the table's name resolves to (the first of that name in
 * `search_path`: the one every statement of the store would read, write and clear), each with
 * whether a unique index (the primary key included) covers it alone.
 */
const READ_COLUMNS = `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type,
  EXISTS (
    SELECT 1 FROM pg_index i
    WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indnatts = 1
      AND i.indkey[0] = a.attnum AND i.indpred IS NULL
  ) AS "unique"
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
WHERE c.relname = $1 AND pg_table_is_visible(c.oid) AND a.attnum > 0 AND NOT a.attisdropped`;

/** What the database holds under the table's name, or `undefined` when nothing. */
async function existingTable(
  client: PoolClient,
  table: string,
): Promise<SqlFoundTable | undefined> {
  const { rows: columns } = await client.query<{ name: string; type: string; unique: boolean }>(
    READ_COLUMNS,
    [table],
  );
  if (columns.length === 0) return undefined;
  const { rowCount } = await client.query(`SELECT 1 FROM ${quoted(table)} LIMIT 1`);
  return { columns, empty: rowCount === 0 };
}

const CREATE_SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS ${quoted(SCHEMA_TABLE)} (
  table_name text COLLATE "C" NOT NULL PRIMARY KEY,
  version integer NOT NULL
)`;

/**
 * The table's schema row, and whether its name reaches a relation (as {@link READ_COLUMNS}
 * finds one): no row when the table was never set up.
 */
const READ_RECORD = `SELECT version, EXISTS (
  SELECT 1 FROM pg_class c WHERE c.relname = $2 AND pg_table_is_visible(c.oid)
) AS "exists"
FROM ${quoted(SCHEMA_TABLE)} WHERE table_name = $1`;

/** undefined_table: the schema table does not exist yet. */
const UNDEFINED_TABLE = '42P01';

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
    store: '@tokenstore/store-postgres',
  });
}

async function recordOf(client: Pool | PoolClient, table: string): Promise<Recorded | undefined> {
  // The name twice: $1 is compared with a text column, $2 with pg_class's name column.
  const { rows } = await client.query<Recorded>(READ_RECORD, [table, table]);
  return rows[0];
}

/**
 * The relations in the schema a new table goes to (`current_schema()`) named as the new table's
 * constraints and their indexes (`<table>_pkey`, `<table>_user_key`, ...): a token table renamed
 * away keeps those names, so CREATE TABLE would fail with 42P07 (duplicate_table).
 */
const READ_TAKEN_NAMES = `SELECT c.relname AS name FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relname::text = ANY($1::text[])
ORDER BY 1`;

/**
 * `STORE_MISCONFIGURED` naming them when the new table's constraint names are taken (see
 * {@link READ_TAKEN_NAMES}): the operator renames those indexes or chooses another table, where
 * the CREATE TABLE's own error would be a retryable failure that no retry fixes.
 */
async function refuseTakenNames(client: PoolClient, table: string): Promise<void> {
  const { rows } = await client.query<{ name: string }>(READ_TAKEN_NAMES, [
    Object.values(constraintNames(table)),
  ]);
  if (rows.length === 0) return;
  const names = rows.map((row) => quoted(row.name)).join(', ');
  throw new TokenStoreError(
    'STORE_MISCONFIGURED',
    `cannot create table ${quoted(table)}: ${names} already exist in the current schema, most likely the indexes of a token table renamed from ${quoted(table)} (PostgreSQL keeps their names); rename them (ALTER INDEX ... RENAME TO) or choose another \`table\``,
  );
}

/**
 * Creates the token table and records its schema version, once per table: any number of
 * stores and processes may run this at the same time. A table already set up costs one
 * SELECT; otherwise the set-up runs in a transaction under an advisory lock. A table of that
 * name with no schema row is adopted only if it has this layout and no rows; otherwise the
 * set-up throws `STORE_MISCONFIGURED` and writes nothing (core's `unrecordedTableVerdict`). A
 * schema row whose table is gone is refused too, and nothing is created (core's
 * `checkRecordedTable`).
 */
export async function ensureSchema(pool: Pool, table: string): Promise<void> {
  try {
    const found = await recordOf(pool, table);
    if (found !== undefined) return checkRecorded(table, found);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== UNDEFINED_TABLE) throw error;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query(CREATE_SCHEMA_TABLE);
    const found = await recordOf(client, table);
    if (found === undefined) {
      // A table of that name without a schema row is the application's, unless it is an
      // empty one of this layout: refused (the transaction rolls back, nothing is written).
      const verdict = unrecordedTableVerdict({
        table: quoted(table),
        store: '@tokenstore/store-postgres',
        found: await existingTable(client, table),
        types: COLUMN_TYPES,
      });
      if (verdict === 'create') {
        await refuseTakenNames(client, table);
        await client.query(createTableSql(table));
      }
      await client.query(
        `INSERT INTO ${quoted(SCHEMA_TABLE)} (table_name, version) VALUES ($1, $2)`,
        [table, SCHEMA_VERSION],
      );
    }
    await client.query('COMMIT');
    if (found !== undefined) checkRecorded(table, found);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
