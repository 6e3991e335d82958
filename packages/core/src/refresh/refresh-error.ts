import { type InspectOptions, inspect } from 'node:util';
import { isTokenStoreError } from '../errors/is-token-store-error.js';
import type { StoredToken, TokenInput } from '../token.js';

/**
 * Every failure of refresh coordination that is not the token store's own (those stay
 * `TokenStoreError`s) is a {@link RefreshError} whose `code` says what happened.
 */
export const REFRESH_ERROR_CODES = [
  'TOKEN_NOT_FOUND',
  'REFRESH_FAILED',
  'INVALID_REFRESH_RESULT',
  'TIMEOUT',
  'SAVE_FAILED',
] as const;

/**
 * - `TOKEN_NOT_FOUND`: no stored token matches the query (or it was deleted meanwhile).
 * - `REFRESH_FAILED`: the refresh function failed, here or, when `permanent`, in another process.
 * - `INVALID_REFRESH_RESULT`: the refresh function resolved with something that is not a token.
 * - `TIMEOUT`: no valid token within `waitTimeoutMs` while other holders kept the refresh lease.
 * - `SAVE_FAILED`: the refresh worked but its result could not be saved (`cause` says why):
 *   {@link RefreshError.unsaved} holds it, the only copy of a refresh token the server rotated.
 */
export type RefreshErrorCode = (typeof REFRESH_ERROR_CODES)[number];

/** Options of the {@link RefreshError} constructor. */
export interface RefreshErrorOptions {
  /** True when retrying cannot help (the refresh token is dead): authorize again. */
  permanent?: boolean;
  /** A short machine-readable reason such as the OAuth error code `invalid_grant`. */
  reason?: string | undefined;
  cause?: unknown;
  /** With `SAVE_FAILED`: the refresh result that was not saved. */
  unsaved?: UnsavedRefresh;
}

/**
 * A refresh whose result could not be saved (the store stayed unavailable until the lease ran
 * out, or other saves kept winning the compare-and-set). The server may have rotated the refresh
 * token, so `fields` may hold the only copy of the one that still works: save it once the store
 * is back, with `expectedVersion`, or keep it somewhere else.
 *
 * ```ts
 * await store.saveToken({ id: unsaved.id, ...unsaved.fields }, { expectedVersion: unsaved.expectedVersion });
 * ```
 */
export interface UnsavedRefresh {
  /** The refreshed token's id. */
  readonly id: string;
  /**
   * The version the refresh started from. A save with it fails with `VERSION_CONFLICT` if the
   * token changed since; then compare the stored refresh token with the one refreshed from.
   */
  readonly expectedVersion: number;
  /** What the refresh function returned, checked: the new access token, its expiry, and the
   * rotated refresh token if the server issued one. */
  readonly fields: Readonly<TokenInput>;
  /** The stored token with `fields` merged in: usable for API calls right now. */
  readonly token: Readonly<StoredToken>;
}

/**
 * A failure to produce a valid token. Its message never contains a token value; `cause` is the
 * error your refresh function threw, as it threw it (only in the process where it was thrown).
 */
export class RefreshError extends Error {
  // Private, and read through a prototype getter: no own property for `util.inspect`,
  // `JSON.stringify` or a logger's serializer to print the tokens from.
  readonly #unsaved: UnsavedRefresh | undefined;
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
    this.#unsaved = options.unsaved;
  }

  /**
   * With `SAVE_FAILED`: the refresh result that could not be saved (secrets: never log it).
   * `undefined` on every other code.
   */
  get unsaved(): UnsavedRefresh | undefined {
    return this.#unsaved;
  }

  /**
   * What `util.inspect` and so `console.log` show: the error, and of a `cause` your refresh
   * function threw only its class, since it may hold the request (an HTTP client's error holds
   * the refresh token and the client secret it sent). `error.cause` is still the error as
   * thrown. A store's `TokenStoreError`, which never holds a secret, is shown whole.
   */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    const shown = new RefreshErrorView(this.message);
    shown.name = this.name;
    if (this.stack !== undefined) shown.stack = this.stack;
    Object.assign(shown, { code: this.code, permanent: this.permanent, reason: this.reason });
    const { cause } = this;
    if (cause !== undefined) {
      shown.cause = isTokenStoreError(cause)
        ? cause
        : `[${kindOf(cause)}, not shown: it may hold the request's secrets; read error.cause]`;
    }
    return inspect(shown, options);
  }
}

/** What inspection shows of a `RefreshError`: an error of the same class name, without the hook. */
const RefreshErrorView = { RefreshError: class extends Error {} }.RefreshError;

/** The class name of a thrown value (`Error`, `AxiosError`), or its type. */
function kindOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'object';
  } catch {
    return 'object'; // a getter or Proxy that throws: nothing of it is read
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
