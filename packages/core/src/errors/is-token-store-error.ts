import { TOKEN_STORE_ERROR_CODES, type TokenStoreErrorCode } from './codes.js';
import type { TokenStoreError } from './token-store-error.js';

/**
 * True when `error` carries a token store error code (any class: a third-party store's own, or
 * another installed copy of this package), and that `code` if given. Narrowing then follows the
 * code: `if (isTokenStoreError(e, 'VERSION_CONFLICT')) e.expectedVersion`. An error of another
 * class has the details it was given.
 */
export function isTokenStoreError<C extends TokenStoreErrorCode = TokenStoreErrorCode>(
  error: unknown,
  code?: C,
): error is TokenStoreError<C> {
  if (typeof error !== 'object' || error === null) return false;
  const actual = (error as { code?: unknown }).code;
  if (!(TOKEN_STORE_ERROR_CODES as readonly unknown[]).includes(actual)) return false;
  return code === undefined || actual === code;
}

/**
 * True when making the same call again may succeed: a token store error whose code says so
 * (`STORE_UNAVAILABLE`), read from the code, so it holds for every class that uses the codes.
 */
export function isRetryable(error: unknown): boolean {
  return isTokenStoreError(error, 'STORE_UNAVAILABLE');
}
