import { existsSync } from 'node:fs';
import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { ZOHO_TABLE_COLUMNS } from '../zoho-sources/zoho-table.js';

/** Where @tokenstore/store-sqlite records the tables it made (its table-name.ts). */
const SCHEMA_TABLE = 'tokenstore_schema';

/**
 * Looks at a SQLite file before the store opens it, read-only (creating nothing), so that a
 * file or table that is not a tokenstore one is a usage error naming it (exit 2) instead of
 * a store failure, and a read-only command never creates the file or the table.
 *
 * @throws UsageError for a table that is not a tokenstore table (naming `zoho-sqlite:` when it
 *   is a Zoho token table), a file that is not SQLite, and, for `readOnly`, a missing file or
 *   table.
 */
export async function probeSqliteTable(
  filename: string,
  table: string,
  readOnly: boolean,
): Promise<void> {
  const where = `sqlite:${filename}`;
  if (filename === ':memory:') return;
  if (!existsSync(filename)) {
    if (readOnly)
      throw new UsageError(`${where}: no such file (a command that only reads creates none)`);
    return;
  }
  const { default: Database } = await loadAdapter(
    'better-sqlite3',
    'sqlite',
    () => import('better-sqlite3'),
  );
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(filename, { readonly: true, fileMustExist: true });
    const found = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")
      .pluck()
      .get(table) as string | undefined;
    if (found === undefined) {
      if (readOnly) throw new UsageError(`${where}: has no table ${table} (nothing to read)`);
      return;
    }
    const registered =
      db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .pluck()
        .get(SCHEMA_TABLE) !== undefined &&
      db
        .prepare(`SELECT 1 FROM ${SCHEMA_TABLE} WHERE table_name = ? COLLATE NOCASE`)
        .pluck()
        .get(table) !== undefined;
    if (registered) return;
    const columns = new Set(
      (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(found) as string[]).map(
        (name) => name.toLowerCase(),
      ),
    );
    const zoho = ZOHO_TABLE_COLUMNS.every((column) => columns.has(column));
    throw new UsageError(
      `${where}: table ${found} is not a tokenstore table` +
        (zoho
          ? `; it is a Zoho SDK token table: read it with  tokenstore migrate 'zoho-sqlite:${filename}?table=${found}' <to>`
          : '; name another table with ?table=<name>'),
    );
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${where}: not a SQLite database that can be read`);
  } finally {
    db?.close();
  }
}
