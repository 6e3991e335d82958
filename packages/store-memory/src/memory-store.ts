import { BackedTokenStore, type BackedTokenStoreOptions } from '@tokenstore/core/backend';
import { MemoryBackend } from './memory-backend.js';
import { MemoryDatabase } from './memory-database.js';

/** Options of {@link MemoryTokenStore}. */
export interface MemoryTokenStoreOptions extends BackedTokenStoreOptions {
  /** Share tokens with other stores on the same database. Default: a private one. */
  database?: MemoryDatabase;
  /** The namespace within the database. Default `"default"`. */
  namespace?: string;
}

/**
 * A token store in process memory: indexed lookups, copies in and out, the whole contract.
 * For tests, development and single-process apps that may lose tokens on restart.
 */
export class MemoryTokenStore extends BackedTokenStore {
  constructor(options: MemoryTokenStoreOptions = {}) {
    const database = options.database ?? new MemoryDatabase();
    const namespace = options.namespace ?? 'default';
    super(new MemoryBackend(database.namespace(namespace), namespace), options);
  }
}
