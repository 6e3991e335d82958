/** The table in which the store keeps each token table's schema version (one row per table). */
export const SCHEMA_TABLE = 'tokenstore_schema';

/**
 * 1-48 characters, so that `<table>_refresh_key` and the other constraint names stay within
 * PostgreSQL's 63-byte identifiers; lower case, because unquoted SQL folds names to lower case
 * and an operator's `SELECT * FROM Tokens` should reach the same table.
 */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

/**
 * Checks the `table` option. A table name cannot be a bound parameter, so only plain
 * identifiers are accepted (and still quoted in SQL). Throws a `TypeError`/`RangeError`: a bad
 * option is a programming error, not a token problem.
 */
export function checkTableName(table: unknown): string {
  if (typeof table !== 'string') throw new TypeError('PostgresTokenStore: table must be a string');
  if (!IDENTIFIER.test(table)) {
    throw new RangeError(
      'PostgresTokenStore: table must be 1-48 lower-case ASCII letters, digits or underscores, not starting with a digit',
    );
  }
  if (table.startsWith('pg_') || table === SCHEMA_TABLE) {
    throw new RangeError(`PostgresTokenStore: table name ${JSON.stringify(table)} is reserved`);
  }
  return table;
}

/** The identifier as it appears in SQL; safe because {@link checkTableName} admitted it. */
export function quoted(identifier: string): string {
  return `"${identifier}"`;
}
