import type { StoredToken, TokenInput } from './token.js';

/** Options of {@link TokenStore.saveToken}. */
export interface SaveOptions {
  /**
   * Write only if the stored version equals this (0: only if no such token exists yet);
   * otherwise reject with `VERSION_CONFLICT` and change nothing.
   */
  expectedVersion?: number;
}

/** Options of `BackedTokenStore.deleteToken`. */
export interface DeleteOptions {
  /**
   * Delete only if the stored version equals this; otherwise reject with `VERSION_CONFLICT`
   * and change nothing (a token saved since it was read stays).
   */
  expectedVersion?: number;
}

/** Options of {@link TokenStore.tokens}. */
export interface TokensOptions {
  /** How many tokens to fetch from the backend at a time (default 100). */
  pageSize?: number;
}

/**
 * A persistent store of OAuth tokens, following the token persistence interface of the Zoho
 * CRM SDKs. Every method is async; a closed store rejects every call with `STORE_CLOSED`.
 * Tokens handed in and out are copies. See the contract in the package README.
 */
export interface TokenStore {
  /** The stored token for the query's lookup key, or null (also when it has no lookup key). */
  findToken(query: TokenInput): Promise<StoredToken | null>;
  /** The stored token with this id, or null. */
  findTokenById(id: string): Promise<StoredToken | null>;
  /** Inserts or updates (merging) a token and returns it as stored. */
  saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken>;
  /** Removes the token with this id; true if there was one. */
  deleteToken(id: string): Promise<boolean>;
  /** Every stored token of this store, in no particular order. */
  getTokens(): Promise<StoredToken[]>;
  /** Every stored token, fetched page by page: memory stays bounded however many there are. */
  tokens(options?: TokensOptions): AsyncIterable<StoredToken>;
  /** Removes every token of this store, and nothing else in the same database. */
  deleteTokens(): Promise<void>;
  /** Releases what the store opened; a client the caller passed in stays open. Idempotent. */
  close(): Promise<void>;
}
