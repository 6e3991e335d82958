import { randomUUID } from 'node:crypto';
import type { TokenStore } from '@tokenstore/core';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { MemoryDatabase, MemoryTokenStore } from '../src/index.js';

// Every store on one database, each in its own namespace; reopen = a new store on the same one.
const database = new MemoryDatabase();
const namespaces = new WeakMap<TokenStore, string>();

function open(namespace: string): MemoryTokenStore {
  const store = new MemoryTokenStore({ database, namespace });
  namespaces.set(store, namespace);
  return store;
}

describeTokenStore('MemoryTokenStore', {
  create: () => open(randomUUID()),
  reopen: (store) => open(namespaces.get(store) ?? ''),
});
