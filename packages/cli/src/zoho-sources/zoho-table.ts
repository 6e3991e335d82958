import { UsageError } from '../exit-codes.js';
import type { CopyItem } from '../run-copy.js';
import { ZOHO_FILESTORE_COLUMNS, zohoRowToToken } from '../zoho-csv.js';

/**
 * The columns of the SDKs' `DBStore` table and of the SQLite table of Zoho's guide, both named
 * `oauthtoken` (read from `db_store.js` of @zohocrm/nodejs-sdk-8.0 and -typescript-sdk-8.0, whose
 * README creates it with `id varchar(10)` and `expiry_time varchar(20)`): the FileStore's
 * columns, in its order, with `user_name` for the user.
 */
export const ZOHO_TABLE_COLUMNS: readonly ZohoTableColumn[] = ZOHO_FILESTORE_COLUMNS.map(
  (column) => (column === 'user_mail' ? 'user_name' : column),
);

/** A column of such a table. */
export type ZohoTableColumn =
  | Exclude<(typeof ZOHO_FILESTORE_COLUMNS)[number], 'user_mail'>
  | 'user_name';

/** The default table name of both, as the SDKs' `Constants.MYSQL_TABLE_NAME` says. */
export const ZOHO_TABLE = 'oauthtoken';

/** One row of such a table, as a driver gives it: any column may be NULL. */
export type ZohoTableRow = Readonly<Record<ZohoTableColumn, unknown>>;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

/**
 * A row as a copy item, read exactly as a FileStore line is (`zoho-csv`): NULL and empty are
 * absent, `expiry_time` becomes the number `expiresAt`. `where` names the row by its id, which
 * is not a secret; a row that cannot be a token is reported, never quoted.
 */
export function rowToItem(row: ZohoTableRow, position: number): CopyItem {
  const cells = ZOHO_TABLE_COLUMNS.map((column) => cell(row[column]));
  const where = cells[0] === '' ? `row ${position}` : `id ${cells[0]}`;
  const read = zohoRowToToken({ kind: 'record', line: position, cells });
  return read.ok ? { where, token: read.token } : { where, malformed: read.reason };
}

/**
 * Checks that a table has every column of a Zoho token table (other columns are ignored).
 *
 * @throws UsageError naming the missing columns: the table is something else.
 */
export function checkZohoColumns(source: string, columns: readonly string[]): void {
  const present = new Set(columns.map((column) => column.toLowerCase()));
  const missing = ZOHO_TABLE_COLUMNS.filter((column) => !present.has(column));
  if (missing.length === ZOHO_TABLE_COLUMNS.length) {
    throw new UsageError(`${source}: no such table, or it has none of the Zoho token columns`);
  }
  if (missing.length > 0) {
    throw new UsageError(
      `${source}: not a Zoho token table: it lacks ${missing.join(', ')}; expected\n` +
        `  ${ZOHO_TABLE_COLUMNS.join(', ')}`,
    );
  }
}

/** A Zoho token table opened for reading: how many rows, then every row as a copy item. */
export interface ZohoTableSource {
  /** The source as printed (password redacted). */
  readonly name: string;
  count(): Promise<number>;
  items(pageSize: number): AsyncGenerator<CopyItem>;
  close(): Promise<void>;
}
