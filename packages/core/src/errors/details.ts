import type { UniqueKeyKind } from '../lookup-key.js';

/**
 * Which unique value a duplicate is about: a lookup key's kind, or the token `id`. Never the
 * value itself.
 */
export type DuplicateKeyKind = UniqueKeyKind | 'id';

/** What every store error says about where it happened (set by `BackedTokenStore`). */
export interface TokenStoreErrorContext {
  /** The store operation that failed: `findToken`, `saveToken`, `tokens`, `ping`, ... */
  readonly operation?: string | undefined;
  /**
   * The store's description (what `util.inspect` of the store shows): its kind, where it
   * connects (never a password) and its namespace.
   */
  readonly store?: string | undefined;
}

/** The details each code carries besides its context; none holds a secret. */
export interface TokenStoreErrorDetails {
  /** Bad input: the message says which field or option. */
  INVALID_TOKEN: Record<never, never>;
  /** `expectedVersion` did not hold. */
  VERSION_CONFLICT: {
    /** The `expectedVersion` the call gave (0: no such token may exist). */
    readonly expectedVersion: number;
    /**
     * The version the store found; undefined when no token was stored, or another writer
     * changed it while the save was under way.
     */
    readonly foundVersion?: number | undefined;
  };
  /** Another token holds one of the save's unique values. */
  DUPLICATE_KEY: {
    /** Which unique value another token already holds, when the store can tell. */
    readonly keyKind?: DuplicateKeyKind | undefined;
  };
  /** The backend could not be reached, failed or timed out: retrying may work. */
  STORE_UNAVAILABLE: {
    /**
     * The backend's own reason, safe to show (`connect ECONNREFUSED 127.0.0.1:6399`, `timed out
     * after 500 ms`): never a token value or a password.
     */
    readonly reason?: string | undefined;
  };
  /** The backend refused the store's configuration: retrying will not help. */
  STORE_MISCONFIGURED: {
    /** The backend's own reason (`WRONGPASS ...`, `CredentialsProviderError: ...`). */
    readonly reason?: string | undefined;
  };
  /** A stored record could not be read back: the message names the record, never its data. */
  CORRUPT_RECORD: Record<never, never>;
  /** The store was closed. */
  STORE_CLOSED: Record<never, never>;
}
