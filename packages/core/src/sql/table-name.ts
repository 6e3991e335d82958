import { SQL_SCHEMA_TABLE } from './schema-version.js';

/**
 * 1-48 characters, so that `<table>_refresh_key` and the other constraint names stay within
 * PostgreSQL's 63-byte identifiers (and one limit lets a namespace move between SQL stores);
 * lower case, because unquoted SQL folds names to lower case and whether MySQL table names are
 * case-sensitive depends on the server's file system.
 */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

/**
 * Checks a SQL store's `table` option. A table name cannot be a bound parameter, so only plain
 * identifiers are accepted (and still quoted in SQL). Throws a `TypeError`/`RangeError` naming
 * `store` (`PostgresTokenStore`): a bad option is a programming error, not a token problem.
 * {@link SQL_SCHEMA_TABLE} is always reserved; `reserved` adds the dialect's own names.
 */
export function checkSqlTableName(
  table: unknown,
  store: string,
  reserved: (table: string) => boolean = () => false,
): string {
  if (typeof table !== 'string') throw new TypeError(`${store}: table must be a string`);
  if (!IDENTIFIER.test(table)) {
    throw new RangeError(
      `${store}: table must be 1-48 lower-case ASCII letters, digits or underscores, not starting with a digit`,
    );
  }
  if (table === SQL_SCHEMA_TABLE || reserved(table)) {
    throw new RangeError(`${store}: table name ${JSON.stringify(table)} is reserved`);
  }
  return table;
}
