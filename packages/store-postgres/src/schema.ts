import { checkSchemaVersion, SQL_KEY_COLUMNS, type UniqueKeyKind } from '@tokenstore/core/backend';
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

const CREATE_SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS ${quoted(SCHEMA_TABLE)} (
  table_name text COLLATE "C" NOT NULL PRIMARY KEY,
  version integer NOT NULL
)`;

const READ_VERSION = `SELECT version FROM ${quoted(SCHEMA_TABLE)} WHERE table_name = $1`;

/** undefined_table: the schema table does not exist yet. */
const UNDEFINED_TABLE = '42P01';

function checkVersion(table: string, found: number): void {
  checkSchemaVersion({
    table: quoted(table),
    found,
    reads: SCHEMA_VERSION,
    store: '@tokenstore/store-postgres',
  });
}

async function versionOf(client: Pool | PoolClient, table: string): Promise<number | undefined> {
  const { rows } = await client.query<{ version: number }>(READ_VERSION, [table]);
  return rows[0]?.version;
}

/**
 * Creates the token table and records its schema version, once per table: any number of
 * stores and processes may run this at the same time. A table already set up costs one
 * SELECT; otherwise the set-up runs in a transaction under an advisory lock.
 */
export async function ensureSchema(pool: Pool, table: string): Promise<void> {
  try {
    const found = await versionOf(pool, table);
    if (found !== undefined) return checkVersion(table, found);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== UNDEFINED_TABLE) throw error;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query(CREATE_SCHEMA_TABLE);
    const found = await versionOf(client, table);
    if (found === undefined) {
      await client.query(createTableSql(table));
      await client.query(
        `INSERT INTO ${quoted(SCHEMA_TABLE)} (table_name, version) VALUES ($1, $2)`,
        [table, SCHEMA_VERSION],
      );
    }
    await client.query('COMMIT');
    if (found !== undefined) checkVersion(table, found);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
