import { checkSqlTableName, SQL_SCHEMA_TABLE } from '@tokenstore/core/backend';

export { SQL_SCHEMA_TABLE as SCHEMA_TABLE };

/** Checks the `table` option (core's SQL table-name rule); `pg_` names are PostgreSQL's. */
export function checkTableName(table: unknown): string {
  return checkSqlTableName(table, 'PostgresTokenStore', (name) => name.startsWith('pg_'));
}

/** The identifier as it appears in SQL; safe because {@link checkTableName} admitted it. */
export function quoted(identifier: string): string {
  return `"${identifier}"`;
}
