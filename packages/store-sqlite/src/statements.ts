import type { SqlTokenRow, UniqueKeyKind } from '@tokenstore/core/backend';
import type { Database, Statement } from 'better-sqlite3';
import { KEY_COLUMNS } from './schema.js';
import { quoted } from './table-name.js';

/** A row of the token table as better-sqlite3 returns it. */
export type TokenRow = SqlTokenRow;

/** The columns of a row that a find reads (no key columns): see `SyncRecordCalls.getData`. */
export type DataRow = Pick<SqlTokenRow, 'id' | 'version' | 'data'>;

/** Every statement a backend runs, prepared once. All values are bound parameters. */
export interface Statements {
  readonly get: Statement<[unknown], TokenRow>;
  readonly findByKey: { readonly [K in UniqueKeyKind]: Statement<[string], TokenRow> };
  /** {@link Statements.get} and {@link Statements.findByKey} without the key columns. */
  readonly getData: Statement<[unknown], DataRow>;
  readonly findDataByKey: { readonly [K in UniqueKeyKind]: Statement<[string], DataRow> };
  /** Which id holds this key digest (to name the key of a `duplicate`). */
  readonly holderOfKey: { readonly [K in UniqueKeyKind]: Statement<[string], unknown> };
  /** Parameters: id, version, user_key, access_key, refresh_key, grant_key, data. */
  readonly insert: Statement<unknown[]>;
  /**
   * The UPDATE of a replace that writes the key columns in `changed` (a bit per column, in
   * {@link KEY_COLUMN_ORDER} order) and no others, prepared on first use. Parameters: version,
   * the changed key columns' new values, data, id, old version, then the four old key values
   * (the row must still hold them).
   */
  replace(changed: number): Statement<unknown[]>;
  readonly delete: Statement<[unknown]>;
  readonly firstPage: Statement<[number], TokenRow>;
  /** Keyset pagination: the page after the given stored id. */
  readonly nextPage: Statement<[unknown, number], TokenRow>;
  readonly clear: Statement<[]>;
}

const COLUMNS = 'id, version, user_key, access_key, refresh_key, grant_key, data';
/** A find hands out only the token: reading the four key digests too was 0.6 µs of 4. */
const DATA_COLUMNS = 'id, version, data';

/** The key columns in the order of the replace statement's bits and parameters. */
export const KEY_COLUMN_ORDER = [
  KEY_COLUMNS.userName,
  KEY_COLUMNS.accessToken,
  KEY_COLUMNS.refreshToken,
  KEY_COLUMNS.grantToken,
] as const;

/**
 * A replace's UPDATE. Writing a key column SQLite must update its index even when the value is
 * the same (a refresh would rewrite all four indexes: about twice the WAL), so only changed
 * columns are set; the WHERE clause checks the row still holds the old keys, so the columns
 * left alone are right.
 */
function replaceSql(table: string, changed: number): string {
  const set = ['version = ?'];
  KEY_COLUMN_ORDER.forEach((column, bit) => {
    if (changed & (1 << bit)) set.push(`${column} = ?`);
  });
  set.push('data = ?');
  const held = KEY_COLUMN_ORDER.map((column) => `${column} IS ?`).join(' AND ');
  return `UPDATE ${table} SET ${set.join(', ')} WHERE id = ? AND version = ? AND ${held}`;
}

function perKind<T>(make: (column: string) => T): { [K in UniqueKeyKind]: T } {
  return {
    userName: make(KEY_COLUMNS.userName),
    accessToken: make(KEY_COLUMNS.accessToken),
    refreshToken: make(KEY_COLUMNS.refreshToken),
    grantToken: make(KEY_COLUMNS.grantToken),
  };
}

/** Prepares the statements for one token table (which must exist). */
export function prepareStatements(db: Database, table: string): Statements {
  const t = quoted(table);
  const replaces: Statement<unknown[]>[] = [];
  return {
    get: db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE id = ?`),
    findByKey: perKind((column) => db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE ${column} = ?`)),
    getData: db.prepare(`SELECT ${DATA_COLUMNS} FROM ${t} WHERE id = ?`),
    findDataByKey: perKind((column) =>
      db.prepare(`SELECT ${DATA_COLUMNS} FROM ${t} WHERE ${column} = ?`),
    ),
    holderOfKey: perKind((column) => db.prepare(`SELECT id FROM ${t} WHERE ${column} = ?`).pluck()),
    insert: db.prepare(`INSERT INTO ${t} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    replace: (changed) => {
      let statement = replaces[changed];
      if (statement === undefined) {
        statement = db.prepare(replaceSql(t, changed));
        replaces[changed] = statement;
      }
      return statement;
    },
    delete: db.prepare(`DELETE FROM ${t} WHERE id = ?`),
    firstPage: db.prepare(`SELECT ${COLUMNS} FROM ${t} ORDER BY id LIMIT ?`),
    nextPage: db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE id > ? ORDER BY id LIMIT ?`),
    clear: db.prepare(`DELETE FROM ${t}`),
  };
}
