import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { redactUrl } from '../redact-url.js';
import {
  checkZohoColumns,
  rowToItem,
  ZOHO_TABLE,
  ZOHO_TABLE_COLUMNS,
  type ZohoTableRow,
  type ZohoTableSource,
} from './zoho-table.js';

/** `zoho-mysql://user:pass@host:3306/zohooauth?table=oauthtoken`: the SDKs' DBStore table. */
export const ZOHO_MYSQL_FORM = 'zoho-mysql://user:pass@127.0.0.1:3306/zohooauth?table=oauthtoken';

/**
 * Connects with mysql2 (an optional dependency of the CLI) and reads the table with SELECTs
 * only, in a read-only transaction per page, after checking its columns.
 */
export async function openZohoMysql(url: string): Promise<ZohoTableSource> {
  const name = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${name}: not a URL of the form ${ZOHO_MYSQL_FORM}`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (parsed.hostname === '' || database === '') {
    throw new UsageError(`${name}: name the host and the database, as in ${ZOHO_MYSQL_FORM}`);
  }
  for (const key of parsed.searchParams.keys()) {
    if (key !== 'table') throw new UsageError(`${name}: unknown parameter ${key} (only table)`);
  }
  const table = parsed.searchParams.get('table') || ZOHO_TABLE;
  const mysql = await loadAdapter('mysql2', 'zoho-mysql', () => import('mysql2/promise'));
  const connection = await mysql.createConnection({
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    // expiry_time is varchar(20) in DBStore's table, but some tables use a number type.
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  try {
    const [columns] = await connection.query(
      'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [database, table],
    );
    checkZohoColumns(
      name,
      (columns as { name: string }[]).map((column) => column.name),
    );
  } catch (error) {
    await connection.end();
    throw error;
  }
  return {
    name,
    async count() {
      const [rows] = await connection.query('SELECT COUNT(*) AS n FROM ??', [table]);
      return Number((rows as { n: number | string }[])[0]?.n ?? 0);
    },
    async *items(pageSize) {
      // Keyset pages by the primary key (id): bounded memory, nothing held open between pages.
      let after: string | undefined;
      let position = 0;
      for (;;) {
        const [rows] = await connection.query(
          after === undefined
            ? 'SELECT ?? FROM ?? ORDER BY id LIMIT ?'
            : 'SELECT ?? FROM ?? WHERE id > ? ORDER BY id LIMIT ?',
          after === undefined
            ? [ZOHO_TABLE_COLUMNS, table, pageSize]
            : [ZOHO_TABLE_COLUMNS, table, after, pageSize],
        );
        const page = rows as ZohoTableRow[];
        for (const row of page) yield rowToItem(row, ++position);
        const last = page.at(-1);
        if (last === undefined || page.length < pageSize) return;
        after = String(last.id);
      }
    },
    async close() {
      await connection.end();
    },
  };
}
