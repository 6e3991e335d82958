import { type SqlStatements, sqlStatements } from '@tokenstore/core/backend';
import { quoted } from './table-name.js';

/** The statements of one token table, as server-side prepared statements (`?` parameters). */
export function statementsFor(table: string): SqlStatements {
  return sqlStatements(quoted(table), () => '?');
}
