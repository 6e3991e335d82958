import { randomUUID } from 'node:crypto';
import type { TokenStore } from '../store.js';
import type { StoreFactory } from './store-factory.js';
import type { ConformanceOptions } from './types.js';

/** A fresh namespace name: letters, digits and `_`, so it suits table and collection names. */
export function freshNamespace(): string {
  return `t_${randomUUID().replaceAll('-', '')}`;
}

/**
 * `create`, `reopen` and `open` for a store opened by namespace: `create()` opens a fresh
 * namespace, `reopen(store)` opens the one `store` was opened on, and `open(namespace)` the one the
 * suite names (its namespace cases choose names themselves). The usual way to feed the suite.
 *
 * @example
 * await runConformance(byNamespace((table) => new SqliteTokenStore({ filename, table })));
 */
export function byNamespace(
  open: StoreFactory,
  fresh: () => string = freshNamespace,
): Required<Pick<ConformanceOptions, 'create' | 'reopen' | 'open'>> {
  const namespaces = new WeakMap<TokenStore, string>();
  const openIn = async (namespace: string) => {
    const store = await open(namespace);
    namespaces.set(store, namespace);
    return store;
  };
  return {
    create: () => openIn(fresh()),
    reopen: (store) => {
      const namespace = namespaces.get(store);
      if (namespace === undefined) throw new Error('reopen: this store was not made by create()');
      return openIn(namespace);
    },
    open: openIn,
  };
}
