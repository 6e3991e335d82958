/**
 * Every failure of a store is a {@link TokenStoreError} whose `code` says what happened.
 * Recognise errors by `code` (see {@link isTokenStoreError}): a third-party store may throw its
 * own class with the same codes, and two copies of this package may be installed side by side.
 */
export const TOKEN_STORE_ERROR_CODES = [
  'INVALID_TOKEN',
  'VERSION_CONFLICT',
  'DUPLICATE_KEY',
  'STORE_UNAVAILABLE',
  'CORRUPT_RECORD',
  'STORE_CLOSED',
] as const;

/**
 * - `INVALID_TOKEN`: bad input; nothing was written.
 * - `VERSION_CONFLICT`: `expectedVersion` did not hold.
 * - `DUPLICATE_KEY`: the save would give a second token the same unique value.
 * - `STORE_UNAVAILABLE`: the backend could not be reached, failed or timed out; retrying may work.
 * - `CORRUPT_RECORD`: a stored record could not be read back as a token.
 * - `STORE_CLOSED`: the store was closed.
 */
export type TokenStoreErrorCode = (typeof TOKEN_STORE_ERROR_CODES)[number];

/** An error of a token store. Its message never contains a secret value. */
export class TokenStoreError extends Error {
  override readonly name = 'TokenStoreError';
  readonly code: TokenStoreErrorCode;

  constructor(code: TokenStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` carries a token store error code (any class), and that `code` if given. */
export function isTokenStoreError(
  error: unknown,
  code?: TokenStoreErrorCode,
): error is Error & { code: TokenStoreErrorCode } {
  if (typeof error !== 'object' || error === null) return false;
  const actual = (error as { code?: unknown }).code;
  if (!(TOKEN_STORE_ERROR_CODES as readonly unknown[]).includes(actual)) return false;
  return code === undefined || actual === code;
}
