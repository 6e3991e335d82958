import type { TokenStore, UnsavedRefresh } from '@tokenstore/core';

/** The SDKs refresh an access token that has less than this left (`getTokenExpiry`). */
export const SDK_REFRESH_MARGIN_MS = 5_000;
/** The bridge must refresh earlier than the SDK would, by a margin for the time in between. */
const MIN_VALIDITY_FLOOR_MS = SDK_REFRESH_MARGIN_MS + 1_000;

/** Options of `new ZohoTokenStore(store, options)` and `createZohoTokenStore(sdk, store, options)`. */
export interface ZohoTokenStoreOptions {
  /**
   * Refresh access tokens and exchange grant tokens in the bridge, under core's refresh lease
   * (`TokenRefresher`), so that every process and concurrent call sharing the store sends at
   * most one refresh request per token per expiry and one code exchange per grant token; the
   * SDK then finds a valid token and does not refresh itself. Default `true`. `false` leaves
   * every token request to the SDK, as its own FileStore and DBStore do.
   */
  coordinateRefresh?: boolean;
  /**
   * The bridge refreshes a token once its access token has less than this left. At least 6 000
   * (the SDKs refresh below 5 000 themselves); keep it well below the token lifetime (Zoho's is
   * an hour). Default 60 000.
   */
  minValidityMs?: number;
  /** How long one token request may hold the lease (core's `leaseMs`). Default 30 000. */
  leaseMs?: number;
  /** Longest wait of one call for another process's refresh (core's `waitTimeoutMs`). */
  waitTimeoutMs?: number;
  /**
   * Where the refresh leases live (core's `leaseStore`): every process must use the same one.
   * Default: the wrapped store, where a lease record exists only while a refresh runs (and, for
   * `permanentFailureTtlMs`, after a refresh token was refused); the bridge's `getTokens()`
   * leaves lease records out.
   */
  leaseStore?: TokenStore;
  /** How long a refused refresh token is remembered (core's option). Default 300 000; 0: not at all. */
  permanentFailureTtlMs?: number;
  /**
   * Called with a refresh the bridge made whose result the store could not save (core's option):
   * the server may have rotated the refresh token, so keep `unsaved.fields` (secrets: never log
   * them) and save them once the store is back. The SDK call fails with an `SDKException` of code
   * `TOKEN_STORE` either way.
   */
  onUnsavedRefresh?: (unsaved: UnsavedRefresh) => void | Promise<void>;
  /**
   * `close()` leaves the wrapped store (and `leaseStore`) open: for a store the application
   * shares with other code and closes itself. Default `false`: `close()` closes them.
   */
  keepStoreOpen?: boolean;
}

/** The options with defaults applied. */
export interface ResolvedOptions {
  readonly coordinateRefresh: boolean;
  readonly minValidityMs: number;
  readonly leaseMs: number | undefined;
  readonly waitTimeoutMs: number | undefined;
  readonly leaseStore: TokenStore | undefined;
  readonly permanentFailureTtlMs: number | undefined;
  readonly onUnsavedRefresh: ((unsaved: UnsavedRefresh) => void | Promise<void>) | undefined;
  readonly keepStoreOpen: boolean;
}

function flag(
  options: ZohoTokenStoreOptions,
  name: keyof ZohoTokenStoreOptions,
  fallback: boolean,
) {
  const value = options[name] ?? fallback;
  if (typeof value !== 'boolean') throw new TypeError(`ZohoTokenStore: ${name} must be a boolean`);
  return value;
}

/** Applies the defaults; throws a TypeError or RangeError naming the bad option. */
export function resolveOptions(options: ZohoTokenStoreOptions | undefined): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('ZohoTokenStore: options must be an object');
  }
  const given = options ?? {};
  const minValidityMs = given.minValidityMs ?? 60_000;
  if (
    typeof minValidityMs !== 'number' ||
    !Number.isFinite(minValidityMs) ||
    minValidityMs < MIN_VALIDITY_FLOOR_MS
  ) {
    throw new RangeError(
      `ZohoTokenStore: minValidityMs must be a number of at least ${MIN_VALIDITY_FLOOR_MS} (the SDKs refresh below ${SDK_REFRESH_MARGIN_MS} ms themselves)`,
    );
  }
  // leaseMs, waitTimeoutMs, permanentFailureTtlMs and onUnsavedRefresh are checked by core's
  // TokenRefresher.
  return {
    coordinateRefresh: flag(given, 'coordinateRefresh', true),
    minValidityMs,
    leaseMs: given.leaseMs,
    waitTimeoutMs: given.waitTimeoutMs,
    leaseStore: given.leaseStore,
    permanentFailureTtlMs: given.permanentFailureTtlMs,
    onUnsavedRefresh: given.onUnsavedRefresh,
    keepStoreOpen: flag(given, 'keepStoreOpen', false),
  };
}
