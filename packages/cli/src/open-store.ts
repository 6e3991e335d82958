import type { TokenStore } from '@tokenstore/core';
import { UsageError } from './exit-codes.js';
import { kindOf, STORE_KINDS, type StoreKindName, type StoreSpec } from './store-kinds/index.js';
import type { OpenOptions } from './store-kinds/store-kind.js';

export type { OpenOptions } from './store-kinds/store-kind.js';

/** Which package serves each kind of store URL. */
export const ADAPTER_PACKAGES = Object.fromEntries(
  STORE_KINDS.map((kind) => [kind.kind, kind.packageName]),
) as Readonly<Record<StoreKindName, string>>;

/**
 * Opens the store `spec` describes, importing its adapter package on demand.
 *
 * @throws UsageError naming the package to install when the adapter is missing, or the
 *   adapter's message when it refuses an option taken from the URL.
 */
export async function openStore(spec: StoreSpec, options: OpenOptions = {}): Promise<TokenStore> {
  try {
    return await kindOf(spec).open(spec, options);
  } catch (error) {
    // Every adapter's constructor throws a TypeError or RangeError for a misused option (a bad
    // table name, prefix or collection name from the URL): the URL was wrong, so exit 2.
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}
