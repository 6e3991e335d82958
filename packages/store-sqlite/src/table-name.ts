import { SQL_SCHEMA_TABLE } from '@tokenstore/core/backend';

export { SQL_SCHEMA_TABLE as SCHEMA_TABLE };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Checks the `table` option. A table name cannot be a bound parameter, so only plain
 * identifiers are accepted (and still quoted in SQL). Throws a `TypeError`/`RangeError`:
 * a bad option is a programming error, not a token problem.
 */
export function checkTableName(table: unknown): string {
  if (typeof table !== 'string') throw new TypeError('SqliteTokenStore: table must be a string');
  if (!IDENTIFIER.test(table)) {
    throw new RangeError(
      'SqliteTokenStore: table must be 1-63 lower-case ASCII letters, digits or underscores, not starting with a digit',
    );
  }
  const lower = table.toLowerCase();
  if (lower.startsWith('sqlite_') || lower === SQL_SCHEMA_TABLE) {
    throw new RangeError(`SqliteTokenStore: table name ${JSON.stringify(table)} is reserved`);
  }
  // SQLite compares table names case-insensitively: `x` and `X` would be one table, and two
  // stores meant to be isolated would share their tokens.
  if (table !== lower) {
    throw new RangeError(
      `SqliteTokenStore: table must be lower case (SQLite does not tell ${JSON.stringify(table)} from ${JSON.stringify(lower)})`,
    );
  }
  return table;
}

/** The identifier as it appears in SQL; safe because {@link checkTableName} admitted it. */
export function quoted(identifier: string): string {
  return `"${identifier}"`;
}
