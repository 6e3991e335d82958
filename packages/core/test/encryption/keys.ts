import { randomBytes, randomUUID } from 'node:crypto';
import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import type { EncryptionOptions, TokenStore } from '../../src/index.js';

export const keyA = randomBytes(32);
export const keyB = randomBytes(32);
export const indexKey = randomBytes(32).toString('base64');

/** Encryption under key A only. */
export const underA: EncryptionOptions = { keys: { A: keyA }, currentKeyId: 'A', indexKey };

/** Stores on one memory database, each namespace reopenable with other options. */
export function memoryStores() {
  const database = new MemoryDatabase();
  const namespaces = new WeakMap<TokenStore, string>();
  const open = (namespace: string, encryption?: EncryptionOptions) => {
    const store = new MemoryTokenStore({
      database,
      namespace,
      ...(encryption === undefined ? {} : { encryption }),
    });
    namespaces.set(store, namespace);
    return store;
  };
  return {
    database,
    open,
    fresh: (encryption?: EncryptionOptions) => open(randomUUID(), encryption),
    namespaceOf: (store: TokenStore) => namespaces.get(store) ?? '',
    /** Everything the backend holds for a namespace, as one string: what a disk scan would see. */
    raw: (store: TokenStore) =>
      JSON.stringify([...database.namespace(namespaces.get(store) ?? '').records.values()]),
  };
}
