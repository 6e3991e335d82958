import { TokenStoreError } from '../errors.js';
import { checkSchemaVersion, type SchemaVersionCheck, SQL_SCHEMA_TABLE } from './schema-version.js';

/** What {@link checkRecordedTable} decides from: the schema row found, and the table. */
export interface RecordedTableCheck extends SchemaVersionCheck {
  /**
   * True when the name reaches a table (or view) of that name: the relation every statement of
   * the store would read, write and clear, looked up the way those statements resolve it.
   */
  readonly exists: boolean;
}

/**
 * Checks the token table that `tokenstore_schema` has a row for: `STORE_MISCONFIGURED` naming
 * the table when no table of that name is there (dropped or renamed since, or out of this
 * connection's reach), and otherwise {@link checkSchemaVersion}.
 *
 * A missing table is refused, not created again. Creating it would lose nothing (it is gone),
 * but it would hide that the tokens are gone: every user signed out at once, and no error. It
 * could also put a second, empty table beside the real one: PostgreSQL resolves the name
 * through `search_path`, and a schema taken out of it, or without USAGE for this role, hides
 * the table. An operator who did mean to drop the tokens deletes the row (the message says
 * so), and the next set-up creates the table afresh.
 */
export function checkRecordedTable(check: RecordedTableCheck): void {
  const { table, found, store, exists } = check;
  if (!exists) {
    throw new TokenStoreError(
      'STORE_MISCONFIGURED',
      `table ${table} is missing: ${SQL_SCHEMA_TABLE} records it (schema version ${found}) but no table of that name is there (dropped or renamed, or out of this connection's reach); ${store} does not create it again, so that lost tokens do not go unnoticed. To start it afresh, empty, delete its row from ${SQL_SCHEMA_TABLE}`,
    );
  }
  checkSchemaVersion(check);
}

/**
 * The reason a store gives when its table is gone from under it after set-up (a statement met
 * PostgreSQL's 42P01, MySQL's 1146 or SQLite's `no such table`): no retry fixes that, so the
 * adapter reports it as misconfigured. `table` is the quoted name when the driver's message gave
 * a plain one (nothing else of that message is kept); `where` says where else the name may
 * have gone, such as out of PostgreSQL's `search_path`.
 */
export function missingTableReason(table: string | undefined, where?: string): string {
  const named = table === undefined ? 'a table of the store' : `table ${table}`;
  const also = where === undefined ? '' : ` (${where})`;
  return `${named} is missing: it was dropped or renamed after this store set it up${also}; put it back, or, to start afresh, empty, delete its row from ${SQL_SCHEMA_TABLE} and open the store again`;
}
