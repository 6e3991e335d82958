import { isAbsent, TokenStoreError } from '@tokenstore/core';

const DIGITS = /^[0-9]+$/;

/**
 * The SDKs' `expiresIn` (epoch milliseconds as a string, e.g. `"1767225600000"`, which is what
 * `OAuthToken.parseResponse` writes) as tokenstore's `expiresAt` (a number). Absent (`null`,
 * `undefined`, `""`) gives `undefined`. A number that is a non-negative safe integer is taken too.
 *
 * @throws {TokenStoreError} `INVALID_TOKEN` for anything else (`"soon"`, `"-1"`, `"1.5"`, `"1e3"`,
 * a value past `Number.MAX_SAFE_INTEGER`): the message names the field, never the value.
 */
export function expiresInToExpiresAt(expiresIn: unknown): number | undefined {
  if (isAbsent(expiresIn)) return undefined;
  const value =
    typeof expiresIn === 'string' && DIGITS.test(expiresIn)
      ? Number(expiresIn)
      : typeof expiresIn === 'number'
        ? expiresIn
        : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      'expiresIn must be epoch milliseconds: a string of digits such as "1767225600000"',
    );
  }
  return value;
}

/** tokenstore's `expiresAt` as the SDKs' `expiresIn` string; `undefined` stays absent. */
export function expiresAtToExpiresIn(expiresAt: number | undefined): string | undefined {
  return expiresAt === undefined ? undefined : String(expiresAt);
}
