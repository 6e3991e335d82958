import { type SqlStatements, sqlStatements } from '@tokenstore/core/backend';
import { quoted } from './table-name.js';

/** The statements of one token table, with pg's numbered parameters ($1, $2, ...). */
export function statementsFor(table: string): SqlStatements {
  return sqlStatements(quoted(table), (n) => `$${n}`);
}
