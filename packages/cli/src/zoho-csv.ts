import type { TokenInput } from '@tokenstore/core';
import type { CsvRecord } from './csv-records.js';
import { UsageError } from './exit-codes.js';

/**
 * The columns of a Zoho CRM SDK FileStore file, in order. The SDKs write them as a header line
 * when they create the file; SDK 2.x files lack `api_domain` (9 columns), later ones have it
 * (10 columns). The second column is the user: `user_mail` in the SDKs' header (some files say
 * `user_name`).
 */
export const ZOHO_FILESTORE_COLUMNS = [
  'id',
  'user_mail',
  'client_id',
  'client_secret',
  'refresh_token',
  'access_token',
  'grant_token',
  'expiry_time',
  'redirect_url',
  'api_domain',
] as const;

const LEGACY_COLUMN_COUNT = 9;
const COLUMN_COUNT = 10;

/** Which token field each column fills, by position. */
const FIELDS = [
  'id',
  'userName',
  'clientId',
  'clientSecret',
  'refreshToken',
  'accessToken',
  'grantToken',
  'expiresAt',
  'redirectUrl',
  'apiDomain',
] as const satisfies readonly (keyof TokenInput)[];

const EXPIRY_COLUMN = 7;

function headerNameMatches(cell: string, column: number): boolean {
  const name = cell.trim().toLowerCase();
  return name === ZOHO_FILESTORE_COLUMNS[column] || (column === 1 && name === 'user_name');
}

/**
 * True when `record` is a FileStore header line (`id,user_mail,client_id,…`).
 *
 * @throws UsageError when it starts like a header (`id,…`) but its columns are not the
 *   FileStore ones: the file is something else, and importing it would scramble fields.
 */
export function isZohoHeader(record: CsvRecord): boolean {
  if (record.cells[0]?.trim().toLowerCase() !== 'id') return false;
  const count = record.cells.length;
  const fits =
    (count === LEGACY_COLUMN_COUNT || count === COLUMN_COUNT) &&
    record.cells.every((cell, column) => headerNameMatches(cell, column));
  if (!fits) {
    throw new UsageError(
      `line ${record.line}: this header is not a Zoho FileStore one; expected\n` +
        `  ${ZOHO_FILESTORE_COLUMNS.join(',')}\n  (or the first 9 of these, from SDK 2.x)`,
    );
  }
  return true;
}

/** A CSV record as a token, or why it cannot be one (never quoting a value). */
export type ZohoRow =
  | { readonly ok: true; readonly token: TokenInput }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads one FileStore line: 10 columns, or 9 (SDK 2.x, no `api_domain`). Empty cells are absent
 * fields; `expiry_time` (epoch milliseconds, as the SDKs write it) becomes the number `expiresAt`.
 */
export function zohoRowToToken(record: CsvRecord): ZohoRow {
  const count = record.cells.length;
  if (count !== COLUMN_COUNT && count !== LEGACY_COLUMN_COUNT) {
    return {
      ok: false,
      reason: `expected ${COLUMN_COUNT} columns (or ${LEGACY_COLUMN_COUNT} in SDK 2.x files), found ${count}`,
    };
  }
  const token: Record<string, string | number> = {};
  for (const [column, cell] of record.cells.entries()) {
    const field = FIELDS[column];
    if (field === undefined || cell === '') continue;
    if (column !== EXPIRY_COLUMN) {
      token[field] = cell;
      continue;
    }
    const expiry = cell.trim();
    const millis = Number(expiry);
    if (!/^\d+$/.test(expiry) || !Number.isSafeInteger(millis)) {
      return { ok: false, reason: 'expiry_time is not a whole number of epoch milliseconds' };
    }
    token[field] = millis;
  }
  return { ok: true, token: token as TokenInput };
}
