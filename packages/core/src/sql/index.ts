export {
  decodeBinaryId,
  encodeBinaryId,
  MAX_BINARY_ID_BYTES,
  readableBinaryId,
  writableBinaryId,
} from './binary-id.js';
export { CancelQueue, type CancelSession } from './cancel-queue.js';
export {
  keyColumnValues,
  SQL_COLUMNS,
  SQL_KEY_COLUMNS,
  type SqlKeyColumn,
} from './columns.js';
export {
  checkRecordedTable,
  missingTableReason,
  type RecordedTableCheck,
} from './recorded-table.js';
export { recordFromRow, type SqlTextReader, type SqlTokenRow } from './row.js';
export {
  checkSchemaVersion,
  type SchemaVersionCheck,
  SQL_SCHEMA_TABLE,
} from './schema-version.js';
export { SqlTableBackend } from './sql-table-backend.js';
export { type SqlPlaceholder, type SqlStatements, sqlStatements } from './statements.js';
export { checkSqlTableName } from './table-name.js';
export {
  type SqlFoundColumn,
  type SqlFoundTable,
  type UnrecordedTableCheck,
  unrecordedTableVerdict,
} from './unrecorded-table.js';
export {
  type DuplicateResult,
  duplicateOf,
  retryRolledBack,
  SQL_STATEMENT_ATTEMPTS,
  writeUnlessDuplicate,
} from './writes.js';
