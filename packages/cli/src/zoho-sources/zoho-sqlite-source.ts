import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { allowOnly, param, splitQuery } from '../store-kinds/url-parts.js';
import {
  checkZohoColumns,
  rowToItem,
  ZOHO_TABLE,
  ZOHO_TABLE_COLUMNS,
  type ZohoTableRow,
  type ZohoTableSource,
} from './zoho-table.js';

/** `zoho-sqlite:<file>[?table=oauthtoken]`: the SQLite token table of Zoho's guide. */
export const ZOHO_SQLITE_FORM = 'zoho-sqlite:./zohooauth.db?table=oauthtoken';

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Opens the table read-only (SQLite's own read-only mode: the file must exist and is never
 * written, no journal or schema table is created), after checking its columns.
 */
export async function openZohoSqlite(url: string): Promise<ZohoTableSource> {
  const { base, params } = splitQuery(url);
  allowOnly(url, params, ['table']);
  let filename: string;
  try {
    filename = decodeURIComponent(base.slice('zoho-sqlite:'.length).replace(/^\/\//, ''));
  } catch {
    throw new UsageError(`${url}: the file name has a malformed %-escape`);
  }
  if (filename === '')
    throw new UsageError(`${url}: name the database file, as in ${ZOHO_SQLITE_FORM}`);
  const table = param(params, 'table') ?? ZOHO_TABLE;
  const { default: Database } = await loadAdapter(
    'better-sqlite3',
    'zoho-sqlite',
    () => import('better-sqlite3'),
  );
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(filename, { readonly: true, fileMustExist: true });
  } catch {
    throw new UsageError(`${url}: no SQLite database file ${JSON.stringify(filename)} to read`);
  }
  try {
    const columns = db
      .prepare('SELECT name FROM pragma_table_info(?)')
      .pluck()
      .all(table) as string[];
    checkZohoColumns(url, columns);
  } catch (error) {
    db.close();
    throw error;
  }
  const from = quoteIdentifier(table);
  const select = ZOHO_TABLE_COLUMNS.map(quoteIdentifier).join(', ');
  return {
    name: url,
    async count() {
      return Number(db.prepare(`SELECT COUNT(*) FROM ${from}`).pluck().get());
    },
    async *items(pageSize) {
      // Keyset pages by rowid: bounded memory, and no statement left open between pages.
      const page = db.prepare(
        `SELECT rowid AS zoho_rowid, ${select} FROM ${from} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      );
      let after = -1n;
      let position = 0;
      for (;;) {
        const rows = page.safeIntegers(true).all(after, pageSize) as (ZohoTableRow & {
          zoho_rowid: bigint;
        })[];
        for (const row of rows) yield rowToItem(row, ++position);
        const last = rows.at(-1);
        if (last === undefined || rows.length < pageSize) return;
        after = last.zoho_rowid;
      }
    },
    async close() {
      db.close();
    },
  };
}
