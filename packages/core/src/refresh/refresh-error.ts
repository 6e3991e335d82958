/**
 * Every failure of refresh coordination that is not the token store's own (those stay
 * `TokenStoreError`s) is a {@link RefreshError} whose `code` says what happened.
 */
export const REFRESH_ERROR_CODES = [
  'TOKEN_NOT_FOUND',
  'REFRESH_FAILED',
  'INVALID_REFRESH_RESULT',
  'TIMEOUT',
] as const;

/**
 * - `TOKEN_NOT_FOUND`: no stored token matches the query (or it was deleted meanwhile).
 * - `REFRESH_FAILED`: the refresh function failed, here or, when `permanent`, in another process.
 * - `INVALID_REFRESH_RESULT`: the refresh function resolved with something that is not a token.
 * - `TIMEOUT`: no valid token within `waitTimeoutMs` while other holders kept the refresh lease.
 */
export type RefreshErrorCode = (typeof REFRESH_ERROR_CODES)[number];

/** Options of the {@link RefreshError} constructor. */
export interface RefreshErrorOptions {
  /** True when retrying cannot help (the refresh token is dead): authorize again. */
  permanent?: boolean;
  /** A short machine-readable reason such as the OAuth error code `invalid_grant`. */
  reason?: string | undefined;
  cause?: unknown;
}

/**
 * A failure to produce a valid token. Its message never contains a token value; `cause` is the
 * error your refresh function threw, as it threw it (only in the process where it was thrown).
 */
export class RefreshError extends Error {
  override readonly name = 'RefreshError';
  readonly code: RefreshErrorCode;
  /** True when retrying cannot help: the user must authorize again. */
  readonly permanent: boolean;
  /** A short machine-readable reason (e.g. `invalid_grant`), when one is known. */
  readonly reason: string | undefined;

  constructor(code: RefreshErrorCode, message: string, options: RefreshErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.permanent = options.permanent ?? false;
    this.reason = options.reason;
  }
}

/** True when `error` is a refresh error (any copy of this package), with that `code` if given. */
export function isRefreshError(error: unknown, code?: RefreshErrorCode): error is RefreshError {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { name?: unknown }).name !== 'RefreshError') return false;
  const actual = (error as { code?: unknown }).code;
  if (!(REFRESH_ERROR_CODES as readonly unknown[]).includes(actual)) return false;
  return code === undefined || actual === code;
}
