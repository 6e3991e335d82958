/**
 * Every failure of a store is a `TokenStoreError` whose `code` says what happened. Recognise
 * errors by `code` (see `isTokenStoreError`): a third-party store may throw its own class with
 * the same codes, and two copies of this package may be installed side by side.
 */
export const TOKEN_STORE_ERROR_CODES = [
  'INVALID_TOKEN',
  'VERSION_CONFLICT',
  'DUPLICATE_KEY',
  'STORE_UNAVAILABLE',
  'STORE_MISCONFIGURED',
  'CORRUPT_RECORD',
  'STORE_CLOSED',
] as const;

/**
 * - `INVALID_TOKEN`: bad input; nothing was written.
 * - `VERSION_CONFLICT`: `expectedVersion` did not hold.
 * - `DUPLICATE_KEY`: the save would give a second token the same unique value.
 * - `STORE_UNAVAILABLE`: the backend could not be reached, failed or timed out; retrying may work.
 * - `STORE_MISCONFIGURED`: the backend refused the store's configuration (no or wrong
 *   credentials, a table or collection that is not the store's, a missing encryption key);
 *   retrying will not help until the configuration is fixed.
 * - `CORRUPT_RECORD`: a stored record could not be read back as a token.
 * - `STORE_CLOSED`: the store was closed.
 */
export type TokenStoreErrorCode = (typeof TOKEN_STORE_ERROR_CODES)[number];

/**
 * True for the codes where making the same call again, unchanged, may succeed: only
 * `STORE_UNAVAILABLE` (the backend was down, busy or slow). A conflict or a duplicate needs a
 * re-read first; bad input, a bad configuration, a corrupt record and a closed store stay so.
 */
export function isRetryableCode(code: TokenStoreErrorCode): boolean {
  return code === 'STORE_UNAVAILABLE';
}
