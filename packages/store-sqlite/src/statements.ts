import type { UniqueKeyKind } from '@tokenstore/core';
import type { Database, Statement } from 'better-sqlite3';
import { KEY_COLUMNS } from './schema.js';
import { quoted } from './table-name.js';

/** A row of the token table as better-sqlite3 returns it. */
export interface TokenRow {
  id: unknown;
  version: unknown;
  user_key: unknown;
  access_key: unknown;
  refresh_key: unknown;
  grant_key: unknown;
  data: unknown;
}

/** Every statement a backend runs, prepared once. All values are bound parameters. */
export interface Statements {
  readonly get: Statement<[unknown], TokenRow>;
  readonly findByKey: { readonly [K in UniqueKeyKind]: Statement<[string], TokenRow> };
  /** Which id holds this key digest (to name the key of a `duplicate`). */
  readonly holderOfKey: { readonly [K in UniqueKeyKind]: Statement<[string], unknown> };
  /** Parameters: id, version, user_key, access_key, refresh_key, grant_key, data. */
  readonly insert: Statement<unknown[]>;
  /** Parameters: version, user_key, access_key, refresh_key, grant_key, data, id, old version. */
  readonly replace: Statement<unknown[]>;
  readonly delete: Statement<[unknown]>;
  readonly firstPage: Statement<[number], TokenRow>;
  /** Keyset pagination: the page after the given stored id. */
  readonly nextPage: Statement<[unknown, number], TokenRow>;
  readonly clear: Statement<[]>;
}

const COLUMNS = 'id, version, user_key, access_key, refresh_key, grant_key, data';

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
  return {
    get: db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE id = ?`),
    findByKey: perKind((column) => db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE ${column} = ?`)),
    holderOfKey: perKind((column) => db.prepare(`SELECT id FROM ${t} WHERE ${column} = ?`).pluck()),
    insert: db.prepare(`INSERT INTO ${t} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    replace: db.prepare(
      `UPDATE ${t} SET version = ?, user_key = ?, access_key = ?, refresh_key = ?, grant_key = ?, data = ?
       WHERE id = ? AND version = ?`,
    ),
    delete: db.prepare(`DELETE FROM ${t} WHERE id = ?`),
    firstPage: db.prepare(`SELECT ${COLUMNS} FROM ${t} ORDER BY id LIMIT ?`),
    nextPage: db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE id > ? ORDER BY id LIMIT ?`),
    clear: db.prepare(`DELETE FROM ${t}`),
  };
}
