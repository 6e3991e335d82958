import { checkSqlTableName, SQL_SCHEMA_TABLE } from '@tokenstore/core/backend';

export { SQL_SCHEMA_TABLE as SCHEMA_TABLE };

/** Checks the `table` option (core's SQL table-name rule, shared with @tokenstore/store-postgres). */
export function checkTableName(table: unknown): string {
  return checkSqlTableName(table, 'MysqlTokenStore');
}

/** The identifier as it appears in SQL; safe because {@link checkTableName} admitted it. */
export function quoted(identifier: string): string {
  return `\`${identifier}\``;
}
