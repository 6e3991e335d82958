import { isAbsent, type StoredToken, type TokenInput } from '@tokenstore/core';
import { expiresAtToExpiresIn, expiresInToExpiresAt } from './expires-in.js';
import type { SdkOAuthToken, SdkUserSignature } from './sdk-shape.js';

/** The token fields that are plain strings on both sides, with the SDK token's accessors. */
type SdkStringField =
  | 'clientId'
  | 'clientSecret'
  | 'redirectUrl'
  | 'grantToken'
  | 'refreshToken'
  | 'accessToken'
  | 'apiDomain';

interface SdkStringAccessor {
  readonly field: SdkStringField;
  get(token: SdkOAuthToken): string | null | undefined;
  set(token: SdkOAuthToken, value: string): void;
}

const SDK_STRING_ACCESSORS: readonly SdkStringAccessor[] = [
  { field: 'clientId', get: (t) => t.getClientId(), set: (t, v) => t.setClientId(v) },
  { field: 'clientSecret', get: (t) => t.getClientSecret(), set: (t, v) => t.setClientSecret(v) },
  { field: 'redirectUrl', get: (t) => t.getRedirectURL(), set: (t, v) => t.setRedirectURL(v) },
  { field: 'grantToken', get: (t) => t.getGrantToken(), set: (t, v) => t.setGrantToken(v) },
  { field: 'refreshToken', get: (t) => t.getRefreshToken(), set: (t, v) => t.setRefreshToken(v) },
  { field: 'accessToken', get: (t) => t.getAccessToken(), set: (t, v) => t.setAccessToken(v) },
  { field: 'apiDomain', get: (t) => t.getAPIDomain(), set: (t, v) => t.setAPIDomain(v) },
];

/** The user signature's name (`email:zgid` when the SDK looked the user up), or undefined. */
function userNameOf(token: SdkOAuthToken): string | undefined {
  const name = token.getUserSignature()?.getName();
  return isAbsent(name) ? undefined : name;
}

/** The fields that find a stored token: the id, the user, and the token values. */
export function lookupQueryOf(token: SdkOAuthToken): TokenInput {
  const query: TokenInput = { id: token.getId(), userName: userNameOf(token) };
  for (const { field, get } of SDK_STRING_ACCESSORS) query[field] = get(token);
  return query;
}

/**
 * The whole SDK token as a tokenstore token. Absent values stay absent (a save merges, keeping
 * what is stored for them).
 *
 * @throws {TokenStoreError} `INVALID_TOKEN` when `expiresIn` is not epoch milliseconds.
 */
export function tokenInputOf(token: SdkOAuthToken): TokenInput {
  return { ...lookupQueryOf(token), expiresAt: expiresInToExpiresAt(token.getExpiresIn()) };
}

/** What {@link fillSdkToken} takes: a stored token, or one whose id and expiry are left out. */
export type FillSource = Omit<StoredToken, 'id' | 'version'> & { readonly id?: string | undefined };

/**
 * Fills the SDK token's absent fields from a stored token, and leaves the ones it has: what the
 * SDKs' own FileStore and DBStore do (`setMergeData`), so values the application configured (a new
 * grant token, its own user signature) win over stored ones.
 */
export function fillSdkToken(
  token: SdkOAuthToken,
  stored: FillSource,
  newUserSignature: (name: string) => SdkUserSignature,
): void {
  if (isAbsent(token.getId()) && stored.id !== undefined) token.setId(stored.id);
  if (userNameOf(token) === undefined && stored.userName !== undefined) {
    token.setUserSignature(newUserSignature(stored.userName));
  }
  for (const { field, get, set } of SDK_STRING_ACCESSORS) {
    const value = stored[field];
    if (isAbsent(get(token)) && value !== undefined) set(token, value);
  }
  const expiresIn = expiresAtToExpiresIn(stored.expiresAt);
  if (isAbsent(token.getExpiresIn()) && expiresIn !== undefined) token.setExpiresIn(expiresIn);
}

/**
 * Puts a token the bridge refreshed onto the SDK token: the new access token and expiry replace
 * the stale ones it may hold, a rotated refresh token replaces the old one, the rest fills gaps.
 */
export function putRefreshed(
  token: SdkOAuthToken,
  valid: StoredToken,
  newUserSignature: (name: string) => SdkUserSignature,
): void {
  if (valid.accessToken !== undefined) token.setAccessToken(valid.accessToken);
  const expiresIn = expiresAtToExpiresIn(valid.expiresAt);
  if (expiresIn !== undefined) token.setExpiresIn(expiresIn);
  if (valid.refreshToken !== undefined) token.setRefreshToken(valid.refreshToken);
  fillSdkToken(token, valid, newUserSignature);
}
