export { isPermanentRefreshFailure } from './failure-classification.js';
export { getValidToken } from './get-valid-token.js';
export {
  isRefreshError,
  REFRESH_ERROR_CODES,
  RefreshError,
  type RefreshErrorCode,
  type RefreshErrorOptions,
  type UnsavedRefresh,
} from './refresh-error.js';
export { isRefreshLease, REFRESH_LEASE_PREFIX } from './refresh-lease.js';
export type { RefreshContext, RefreshedToken, RefreshFunction } from './refreshed-token.js';
export type { TokenRefresherOptions } from './refresher-options.js';
export { type GetValidTokenOptions, TokenRefresher } from './token-refresher.js';
