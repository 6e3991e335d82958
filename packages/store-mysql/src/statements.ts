import type { UniqueKeyKind } from '@tokenstore/core/backend';
import { KEY_COLUMNS } from './schema.js';
import { quoted } from './table-name.js';

/** A row of the token table as mysql2 returns it (binary columns as Buffers). */
export interface TokenRow {
  id: unknown;
  version: unknown;
  user_key: unknown;
  access_key: unknown;
  refresh_key: unknown;
  grant_key: unknown;
  data: unknown;
}

/** Every statement a backend runs, as server-side prepared statements (`?` parameters). */
export interface Statements {
  readonly get: string;
  readonly findByKey: { readonly [K in UniqueKeyKind]: string };
  /** Parameters: id, version, user_key, access_key, refresh_key, grant_key, data. */
  readonly insert: string;
  /** Parameters: version, user_key, access_key, refresh_key, grant_key, data, id, old version. */
  readonly replace: string;
  readonly delete: string;
  /** Parameters: id, version. Removes the row only while it holds that version. */
  readonly deleteIfVersion: string;
  /** Parameter: page size. */
  readonly firstPage: string;
  /** Keyset pagination, the page after a stored id. Parameters: last id, page size. */
  readonly nextPage: string;
  readonly clear: string;
}

const COLUMNS = 'id, version, user_key, access_key, refresh_key, grant_key, data';

/** The statements of one token table. */
export function statementsFor(table: string): Statements {
  const t = quoted(table);
  const find = (column: string) => `SELECT ${COLUMNS} FROM ${t} WHERE ${column} = ?`;
  return {
    get: `SELECT ${COLUMNS} FROM ${t} WHERE id = ?`,
    findByKey: {
      userName: find(KEY_COLUMNS.userName),
      accessToken: find(KEY_COLUMNS.accessToken),
      refreshToken: find(KEY_COLUMNS.refreshToken),
      grantToken: find(KEY_COLUMNS.grantToken),
    },
    insert: `INSERT INTO ${t} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    replace: `UPDATE ${t} SET version = ?, user_key = ?, access_key = ?, refresh_key = ?, grant_key = ?, data = ? WHERE id = ? AND version = ?`,
    delete: `DELETE FROM ${t} WHERE id = ?`,
    deleteIfVersion: `DELETE FROM ${t} WHERE id = ? AND version = ?`,
    firstPage: `SELECT ${COLUMNS} FROM ${t} ORDER BY id LIMIT ?`,
    nextPage: `SELECT ${COLUMNS} FROM ${t} WHERE id > ? ORDER BY id LIMIT ?`,
    clear: `DELETE FROM ${t}`,
  };
}
