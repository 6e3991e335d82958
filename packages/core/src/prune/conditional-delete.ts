import type { DeleteOptions, TokenStore } from '../store.js';

/**
 * Marks a store whose `deleteToken` takes `{ expectedVersion }`. A registered symbol, not
 * `instanceof`, so that it holds across two installed copies of this package.
 */
export const CONDITIONAL_DELETE: unique symbol = Symbol.for('@tokenstore/core.conditionalDelete');

/** The conditional `deleteToken` of `store`, when it has one (every `BackedTokenStore`). */
export function conditionalDelete(
  store: TokenStore,
): ((id: string, options: DeleteOptions) => Promise<boolean>) | undefined {
  if ((store as unknown as Record<symbol, unknown>)[CONDITIONAL_DELETE] !== true) return undefined;
  return store.deleteToken.bind(store) as (id: string, options: DeleteOptions) => Promise<boolean>;
}
