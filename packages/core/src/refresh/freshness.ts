import type { StoredToken } from '../token.js';

/** What a caller needs of a token. */
export interface Need {
  /** The access token must stay valid at least this long from now. */
  minValidityMs: number;
  /** An access token the API rejected: any token still holding it needs a refresh. */
  rejectedAccessToken: string | undefined;
}

/** True when the token's access token is valid for at least the needed margin. */
export function isFresh(token: StoredToken, need: Need, now: number): boolean {
  if (token.accessToken === undefined || token.accessToken === need.rejectedAccessToken) {
    return false;
  }
  const expiresAt = token.expiresAt;
  return expiresAt !== undefined && expiresAt > now && expiresAt - now >= need.minValidityMs;
}

/**
 * True when `token` is good enough for a caller that found `stale`: fresh, or refreshed since
 * (a new, unexpired access token). The second case keeps a caller from refreshing again and again
 * when the server issues tokens that live shorter than `minValidityMs`.
 */
export function isGoodAfter(
  token: StoredToken,
  stale: StoredToken,
  need: Need,
  now: number,
): boolean {
  if (isFresh(token, need, now)) return true;
  return (
    token.accessToken !== undefined &&
    token.accessToken !== stale.accessToken &&
    token.accessToken !== need.rejectedAccessToken &&
    token.expiresAt !== undefined &&
    token.expiresAt > now
  );
}
