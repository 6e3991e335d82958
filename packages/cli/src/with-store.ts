import type { TokenStore } from '@tokenstore/core';
import { openStore } from './open-store.js';
import { parseStoreUrl } from './store-url.js';

/** Opens the store at `url`, runs `work` with it, and closes it whatever happens. */
export async function withStore<T>(
  url: string,
  work: (store: TokenStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(parseStoreUrl(url));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** How many tokens `store` holds, counted page by page. */
export async function countTokens(store: TokenStore, pageSize: number): Promise<number> {
  let count = 0;
  for await (const _ of store.tokens({ pageSize })) count++;
  return count;
}
