import { TokenStoreError } from '../errors.js';

/**
 * The table in which a SQL store keeps each token table's schema version (one row per token
 * table): the same name in every SQL store, so an operator finds it in any of them.
 */
export const SQL_SCHEMA_TABLE = 'tokenstore_schema';

/** What {@link checkSchemaVersion} compares. */
export interface SchemaVersionCheck {
  /** The token table as it appears in SQL (quoted). */
  readonly table: string;
  /** The version recorded for the table. */
  readonly found: number;
  /** The version this code reads and writes. */
  readonly reads: number;
  /** The package whose code reads the table, for the message (`@tokenstore/store-postgres`). */
  readonly store: string;
}

/**
 * `STORE_MISCONFIGURED` for a table recorded at another schema version than this code reads:
 * neither an older nor a newer layout is read as if it were this one, and retrying cannot help
 * (the table or the package version has to change).
 */
export function checkSchemaVersion({ table, found, reads, store }: SchemaVersionCheck): void {
  if (found === reads) return;
  throw new TokenStoreError(
    'STORE_MISCONFIGURED',
    `table ${table} has schema version ${found}; this version of ${store} reads ${reads}`,
  );
}
