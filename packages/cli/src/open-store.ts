import type { TokenStore } from '@tokenstore/core';
import { kindOf, STORE_KINDS, type StoreKindName, type StoreSpec } from './store-kinds/index.js';

/** Which package serves each kind of store URL. */
export const ADAPTER_PACKAGES = Object.fromEntries(
  STORE_KINDS.map((kind) => [kind.kind, kind.packageName]),
) as Readonly<Record<StoreKindName, string>>;

/**
 * Opens the store `spec` describes, importing its adapter package on demand.
 *
 * @throws UsageError naming the package to install when the adapter is missing.
 */
export function openStore(spec: StoreSpec): Promise<TokenStore> {
  return kindOf(spec).open(spec);
}
