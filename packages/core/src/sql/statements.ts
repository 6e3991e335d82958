import { UNIQUE_KEY_KINDS, type UniqueKeyKind } from '../lookup-key.js';
import { SQL_COLUMNS, SQL_KEY_COLUMNS } from './columns.js';

/** The SQL text of every statement a SQL backend runs on one token table. */
export interface SqlStatements {
  /** Parameter: id. */
  readonly get: string;
  /** Parameter: the key digest. */
  readonly findByKey: Readonly<Record<UniqueKeyKind, string>>;
  /** Parameters: id, version, user_key, access_key, refresh_key, grant_key, data. */
  readonly insert: string;
  /**
   * The compare-and-set of a record, one statement for each set of keys it was read with (a
   * NULL key is `IS NULL`, not `= NULL`), at index `sum of 2 ** i` over the kinds it holds, `i`
   * being the kind's position in `UNIQUE_KEY_KINDS` (userName 1, accessToken 2, ...).
   * Parameters: version, user_key, access_key, refresh_key, grant_key, data, id, old version,
   * then the old value of each key column the record was read with, in column order, then the
   * old data. The row must still hold all of them: a token deleted and saved again under its id
   * restarts at version 1, often with the same keys, and only its data tells it from the one
   * read before (equal data: the merge loses nothing).
   */
  readonly replace: readonly string[];
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
    replace: Array.from({ length: 2 ** UNIQUE_KEY_KINDS.length }, (_, mask) => {
      let next = n + 2;
      const held = UNIQUE_KEY_KINDS.map((kind, bit) => {
        const column = SQL_KEY_COLUMNS[kind];
        const holds = Math.floor(mask / 2 ** bit) % 2 === 1;
        return holds ? `${column} = ${p(next++)}` : `${column} IS NULL`;
      });
      return `UPDATE ${table} SET ${assigned} WHERE id = ${p(n)} AND version = ${p(n + 1)} AND ${held.join(' AND ')} AND data = ${p(next)}`;
    }),
    delete: `DELETE FROM ${table} WHERE id = ${p(1)}`,
    deleteIfVersion: `DELETE FROM ${table} WHERE id = ${p(1)} AND version = ${p(2)}`,
    firstPage: `SELECT ${columns} FROM ${table} ORDER BY id LIMIT ${p(1)}`,
    nextPage: `SELECT ${columns} FROM ${table} WHERE id > ${p(1)} ORDER BY id LIMIT ${p(2)}`,
    clear: `DELETE FROM ${table}`,
  };
}
