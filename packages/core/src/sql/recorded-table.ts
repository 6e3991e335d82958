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
