import type { TokenStore } from '../store.js';
import type { StoredToken, TokenInput } from '../token.js';
import type { RefreshFunction } from './refreshed-token.js';
import type { TokenRefresherOptions } from './refresher-options.js';
import { type GetValidTokenOptions, TokenRefresher } from './token-refresher.js';

/**
 * One call of {@link TokenRefresher.getValidToken} without keeping a refresher: the token matching
 * `query`, refreshed with `refresh` when its access token has less than `minValidityMs` left.
 * Calls on the same store object share one refresh per token within the process, and every
 * process coordinates through the lease store as a `TokenRefresher` does. It keeps nothing, so
 * it sweeps no expired leases: a long-lived `TokenRefresher` does (`leaseSweepIntervalMs`).
 */
export function getValidToken(
  store: TokenStore,
  query: TokenInput,
  refresh: RefreshFunction,
  options: Omit<TokenRefresherOptions, 'leaseSweepIntervalMs'> & GetValidTokenOptions = {},
): Promise<StoredToken> {
  const { rejectedAccessToken, ...refresherOptions } = options;
  return new TokenRefresher(store, refresh, {
    ...refresherOptions,
    leaseSweepIntervalMs: 0,
  }).getValidToken(query, rejectedAccessToken === undefined ? {} : { rejectedAccessToken });
}
