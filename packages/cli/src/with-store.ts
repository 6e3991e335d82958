import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import { describeError } from './describe-error.js';
import { type OpenOptions, openStore } from './open-store.js';
import { redactUrl } from './redact-url.js';
import { parseStoreUrl } from './store-url.js';

/** A store operation failed; the message names the store (URL redacted), so migrate says which. */
export class StoreFailure extends Error {
  override readonly name = 'StoreFailure';

  constructor(url: string, error: unknown) {
    super(`${redactUrl(url)}: ${describeError(error)}`, { cause: error });
  }
}

/**
 * Opens the store at `url`, runs `work` with it, and closes it whatever happens. A store error
 * of opening it or of `work` names this store.
 */
export async function withStore<T>(
  url: string,
  work: (store: TokenStore) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  let store: TokenStore;
  try {
    store = await openStore(parseStoreUrl(url), options);
  } catch (error) {
    throw isTokenStoreError(error) ? new StoreFailure(url, error) : error;
  }
  try {
    return await work(store);
  } catch (error) {
    throw isTokenStoreError(error) ? new StoreFailure(url, error) : error;
  } finally {
    await store.close();
  }
}

/** {@link withStore} for a command that only reads: the store is opened read-only. */
export function withStoreReadOnly<T>(
  url: string,
  work: (store: TokenStore) => Promise<T>,
): Promise<T> {
  return withStore(url, work, { readOnly: true });
}

/** How many tokens `store` holds, counted page by page. */
export async function countTokens(store: TokenStore, pageSize: number): Promise<number> {
  let count = 0;
  for await (const _ of store.tokens({ pageSize })) count++;
  return count;
}
