import type { UniqueKeyKind } from '../lookup-key.js';
import { UNIQUE_KEY_KINDS } from '../lookup-key.js';
import type { TokenRecord } from '../record.js';
import { decodeBinaryId } from './binary-id.js';
import { SQL_KEY_COLUMNS } from './columns.js';

/** A row of a SQL token table as a driver returns it: every column unchecked. */
export interface SqlTokenRow {
  id: unknown;
  version: unknown;
  user_key: unknown;
  access_key: unknown;
  refresh_key: unknown;
  grant_key: unknown;
  data: unknown;
}

/** How a driver's value of a text column becomes the text (a binary column's bytes as UTF-8). */
export type SqlTextReader = (value: unknown) => unknown;

const asIs: SqlTextReader = (value) => value;

/**
 * The record a row of a table with a binary id column stands for. A BIGINT version that arrives
 * as a string becomes a number; other wrong types pass on as they are, so that core reports
 * them as `CORRUPT_RECORD`. `text` reads the digest and data columns (default: as they are).
 */
export function recordFromRow(row: SqlTokenRow, text: SqlTextReader = asIs): TokenRecord {
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const kind of UNIQUE_KEY_KINDS) {
    const digest = text(row[SQL_KEY_COLUMNS[kind]]);
    if (typeof digest === 'string') keys[kind] = digest;
  }
  const version = typeof row.version === 'string' ? Number(row.version) : row.version;
  return {
    id: decodeBinaryId(row.id),
    version: version as number,
    keys,
    data: text(row.data) as string,
  };
}
