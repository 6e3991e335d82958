import type { UniqueKeyKind } from '../lookup-key.js';
import { SQL_COLUMNS, SQL_KEY_COLUMNS } from './columns.js';

/** The SQL text of every statement a SQL backend runs on one token table. */
export interface SqlStatements {
  /** Parameter: id. */
  readonly get: string;
  /** Parameter: the key digest. */
  readonly findByKey: Readonly<Record<UniqueKeyKind, string>>;
  /** Parameters: id, version, user_key, access_key, refresh_key, grant_key, data. */
  readonly insert: string;
  /** Parameters: version, user_key, access_key, refresh_key, grant_key, data, id, old version. */
  readonly replace: string;
  /** Parameter: id. */
  readonly delete: string;
  /** Parameters: id, version. Removes the row only while it holds that version. */
  readonly deleteIfVersion: string;
  /** Parameter: page size. */
  readonly firstPage: string;
  /** Keyset pagination, the page after a stored id. Parameters: last id, page size. */
  readonly nextPage: string;
  readonly clear: string;
}

/** How a dialect writes the bound parameter at 1-based position `n` (`$1`, `?`). */
export type SqlPlaceholder = (n: number) => string;

/**
 * The statements of one token table, every value a bound parameter. `table` is the table's
 * name as it appears in SQL (already quoted by the dialect). Reads list {@link SQL_COLUMNS};
 * pages are keyset pagination on the primary key.
 */
export function sqlStatements(table: string, placeholder: SqlPlaceholder): SqlStatements {
  const columns = SQL_COLUMNS.join(', ');
  const p = placeholder;
  const find = (column: string) => `SELECT ${columns} FROM ${table} WHERE ${column} = ${p(1)}`;
  const assigned = SQL_COLUMNS.slice(1)
    .map((column, i) => `${column} = ${p(i + 1)}`)
    .join(', ');
  const n = SQL_COLUMNS.length;
  return {
    get: find('id'),
    findByKey: {
      userName: find(SQL_KEY_COLUMNS.userName),
      accessToken: find(SQL_KEY_COLUMNS.accessToken),
      refreshToken: find(SQL_KEY_COLUMNS.refreshToken),
      grantToken: find(SQL_KEY_COLUMNS.grantToken),
    },
    insert: `INSERT INTO ${table} (${columns}) VALUES (${SQL_COLUMNS.map((_, i) => p(i + 1)).join(', ')})`,
    replace: `UPDATE ${table} SET ${assigned} WHERE id = ${p(n)} AND version = ${p(n + 1)}`,
    delete: `DELETE FROM ${table} WHERE id = ${p(1)}`,
    deleteIfVersion: `DELETE FROM ${table} WHERE id = ${p(1)} AND version = ${p(2)}`,
    firstPage: `SELECT ${columns} FROM ${table} ORDER BY id LIMIT ${p(1)}`,
    nextPage: `SELECT ${columns} FROM ${table} WHERE id > ${p(1)} ORDER BY id LIMIT ${p(2)}`,
    clear: `DELETE FROM ${table}`,
  };
}
