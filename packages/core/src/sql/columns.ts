import { UNIQUE_KEY_KINDS, type UniqueKeyKind } from '../lookup-key.js';
import type { RecordKeys } from '../record.js';

/** The column (and unique index) holding each kind of unique key digest in a SQL token table. */
export const SQL_KEY_COLUMNS = {
  userName: 'user_key',
  accessToken: 'access_key',
  refreshToken: 'refresh_key',
  grantToken: 'grant_key',
} as const satisfies Record<UniqueKeyKind, string>;

/** A key digest column's name. */
export type SqlKeyColumn = (typeof SQL_KEY_COLUMNS)[UniqueKeyKind];

/** Every column of a SQL token table, in the order statements list and bind them (the key
 * columns in {@link UNIQUE_KEY_KINDS} order). */
export const SQL_COLUMNS = [
  'id',
  'version',
  ...UNIQUE_KEY_KINDS.map((kind) => SQL_KEY_COLUMNS[kind]),
  'data',
] as const;

/** The key digests of a record in key-column order; `null` where the token lacks the key. */
export function keyColumnValues(keys: RecordKeys): (string | null)[] {
  return UNIQUE_KEY_KINDS.map((kind) => keys[kind] ?? null);
}

/**
 * Which keys a record holds, as a number (bit i: the i-th kind of {@link UNIQUE_KEY_KINDS}): the
 * index of its compare-and-set statement in `SqlStatements.replace`.
 */
export function keyMask(keys: RecordKeys): number {
  let mask = 0;
  for (const [bit, kind] of UNIQUE_KEY_KINDS.entries()) {
    if (keys[kind] !== undefined) mask += 2 ** bit;
  }
  return mask;
}
