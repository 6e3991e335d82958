import { isAbsent } from '../absent.js';
import type { StoredToken, TokenInput } from '../token.js';
import { RefreshError } from './refresh-error.js';

/** What your refresh function resolves with: the new tokens from the OAuth server. */
export interface RefreshedToken {
  /** The new access token. */
  accessToken: string;
  /** When it expires, in epoch milliseconds (e.g. `Date.now() + expires_in * 1000`). */
  expiresAt: number;
  /** The new refresh token when the server rotated it; absent keeps the stored one. */
  refreshToken?: string | undefined;
  /** The API domain, when the server names one; absent keeps the stored one. */
  apiDomain?: string | undefined;
}

/** What the refresh function is given besides the token. */
export interface RefreshContext {
  /**
   * Aborted when the refresh lease runs out: pass it to your HTTP client. A refresh still
   * running after that may overlap with another process's (see the README's limits).
   */
  signal: AbortSignal;
  /** When the lease runs out, in epoch milliseconds of this machine's clock. */
  leaseExpiresAt: number;
}

/**
 * Calls the OAuth server's token endpoint with `token.refreshToken` and resolves with the new
 * tokens. Called at most once per token per expiry across every process that coordinates
 * through the same lease store. Throw on failure; see `isPermanent` for telling a dead refresh
 * token from a transient error. `token` is a copy of the stored token: changing it changes
 * nothing. A result refused as `INVALID_REFRESH_RESULT` that names a new `refreshToken` still
 * gets that refresh token saved, so that a server's rotation is never lost.
 */
export type RefreshFunction = (
  token: StoredToken,
  context: RefreshContext,
) => Promise<RefreshedToken>;

function invalid(message: string): RefreshError {
  return new RefreshError('INVALID_REFRESH_RESULT', `refresh function: ${message}`);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string when present`);
  return value;
}

/** The fields of a result, read once (a getter or Proxy that throws is an invalid result). */
function readFields(result: object): Record<string, unknown> {
  try {
    const { accessToken, expiresAt, refreshToken, apiDomain } = result as Record<string, unknown>;
    return { accessToken, expiresAt, refreshToken, apiDomain };
  } catch {
    throw invalid('its fields could not be read');
  }
}

/**
 * Checks what the refresh function resolved with and turns it into the fields to merge into the
 * stored token. Messages name fields, never values.
 */
export function refreshedFields(result: unknown, now: number): TokenInput {
  if (typeof result !== 'object' || result === null) {
    throw invalid('must resolve with { accessToken, expiresAt, refreshToken? }');
  }
  const { accessToken, expiresAt, refreshToken, apiDomain } = readFields(result);
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw invalid('accessToken must be a non-empty string');
  }
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt < 0) {
    throw invalid('expiresAt must be epoch milliseconds, a non-negative integer');
  }
  if (expiresAt <= now) throw invalid('expiresAt is in the past: the new token is already expired');
  const fields: TokenInput = { accessToken, expiresAt };
  const rotated = optionalString(refreshToken, 'refreshToken');
  if (rotated !== undefined) fields.refreshToken = rotated;
  const domain = optionalString(apiDomain, 'apiDomain');
  if (domain !== undefined) fields.apiDomain = domain;
  return fields;
}

/**
 * The refresh token in a result that {@link refreshedFields} refused (an `expiresAt` in seconds,
 * an access token missing, ...), when it is a new one: the server has rotated the refresh token
 * and the stored one is dead, so it must be saved even though the rest of the result is unusable,
 * or the grant is lost. Undefined when the result names no new refresh token.
 */
export function rotatedRefreshToken(result: unknown, used: string | undefined): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  let refreshToken: unknown;
  try {
    refreshToken = (result as Record<string, unknown>).refreshToken;
  } catch {
    return undefined;
  }
  if (typeof refreshToken !== 'string' || refreshToken === '' || refreshToken === used) {
    return undefined;
  }
  return refreshToken;
}
