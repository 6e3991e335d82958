import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { type Stores, storesOf } from './store-config.ts';

/**
 * The memory store has no cross-process data, so its "processes" are store objects on one
 * database in this process: refresh coordination shares in-flight refreshes per store object,
 * so each object is on its own as a process is, and they meet only in the shared data.
 */
export class MemoryProcesses {
  readonly #database = new MemoryDatabase();

  /** A store object (and lease store) on the shared database, as another process would open. */
  open(namespace: string, sameStore: boolean): Stores {
    const store = new MemoryTokenStore({ database: this.#database, namespace });
    const leaseStore = sameStore
      ? store
      : new MemoryTokenStore({ database: this.#database, namespace: `${namespace}_leases` });
    return storesOf(store, leaseStore);
  }
}
