import type { NormalizedToken } from './validate.js';

/** The unique keys a stored token can have, besides its id. */
export const UNIQUE_KEY_KINDS = ['userName', 'accessToken', 'refreshToken', 'grantToken'] as const;

/**
 * - `userName`: the user signature.
 * - `accessToken`: the access token.
 * - `refreshToken`: the pair (clientId, refreshToken).
 * - `grantToken`: the pair (clientId, grantToken).
 */
export type UniqueKeyKind = (typeof UNIQUE_KEY_KINDS)[number];

/** One unique key: its kind and the values that make it up (one, or clientId and a token). */
export interface UniqueKey {
  readonly kind: UniqueKeyKind;
  readonly parts: readonly string[];
}

/**
 * Which stored token an input refers to, by the contract's rules, first that applies:
 * 1. `userName`; 2. `accessToken` with neither `clientId` nor `clientSecret`;
 * 3. `clientId` and `clientSecret` with `grantToken` (else `refreshToken`); 4. none.
 */
export function lookupKeyOf(token: NormalizedToken): UniqueKey | undefined {
  const { userName, accessToken, clientId, clientSecret, grantToken, refreshToken } = token;
  if (userName !== undefined) return { kind: 'userName', parts: [userName] };
  if (accessToken !== undefined && clientId === undefined && clientSecret === undefined) {
    return { kind: 'accessToken', parts: [accessToken] };
  }
  if (clientId !== undefined && clientSecret !== undefined) {
    if (grantToken !== undefined) return { kind: 'grantToken', parts: [clientId, grantToken] };
    if (refreshToken !== undefined) {
      return { kind: 'refreshToken', parts: [clientId, refreshToken] };
    }
  }
  return undefined;
}

/**
 * Every unique key a token holds: at most one token may hold each. A pair key exists only when
 * both of its values are present (as a SQL unique index treats NULL).
 */
export function uniqueKeysOf(token: NormalizedToken): UniqueKey[] {
  const keys: UniqueKey[] = [];
  const { userName, accessToken, clientId, grantToken, refreshToken } = token;
  if (userName !== undefined) keys.push({ kind: 'userName', parts: [userName] });
  if (accessToken !== undefined) keys.push({ kind: 'accessToken', parts: [accessToken] });
  if (clientId !== undefined && refreshToken !== undefined) {
    keys.push({ kind: 'refreshToken', parts: [clientId, refreshToken] });
  }
  if (clientId !== undefined && grantToken !== undefined) {
    keys.push({ kind: 'grantToken', parts: [clientId, grantToken] });
  }
  return keys;
}

/**
 * True when `token` holds `key` (exact, case-sensitive): one of {@link uniqueKeysOf}, compared
 * per kind without building them (every find asks this of the token it found).
 */
export function holdsKey(token: NormalizedToken, key: UniqueKey): boolean {
  const { parts } = key;
  const first = parts[0];
  const second = parts[1];
  if (first === undefined) return false;
  switch (key.kind) {
    case 'userName':
      return parts.length === 1 && token.userName === first;
    case 'accessToken':
      return parts.length === 1 && token.accessToken === first;
    case 'refreshToken':
      return (
        parts.length === 2 &&
        second !== undefined &&
        token.clientId === first &&
        token.refreshToken === second
      );
    case 'grantToken':
      return (
        parts.length === 2 &&
        second !== undefined &&
        token.clientId === first &&
        token.grantToken === second
      );
    default:
      return false;
  }
}
