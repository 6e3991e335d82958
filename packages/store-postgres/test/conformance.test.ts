import { randomBytes } from 'node:crypto';
import type { EncryptionOptions, TokenStore } from '@tokenstore/core';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { PostgresTokenStore, type PostgresTokenStoreOptions } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';

// The caller's-pool path is the same backend; errors.test.ts checks that such a pool stays open.
const { server } = await useServer();

/** Registers the suite for stores made with `options`, each on a fresh table. */
function describeWith(name: string, options: () => PostgresTokenStoreOptions): void {
  const tables = new WeakMap<TokenStore, string>();
  const open = (table: string) => {
    const store = new PostgresTokenStore({ ...options(), table });
    tables.set(store, table);
    return store;
  };
  describeTokenStore(name, {
    create: () => open(freshTable()),
    reopen: (store) => open(tables.get(store) ?? freshTable()),
    open,
  });
}

describeWith('PostgresTokenStore from a URL, one table per store', () => ({
  url: server.url,
  poolOptions: { max: 4 },
}));

const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
};
describeWith('PostgresTokenStore with encryption at rest', () => ({
  url: server.url,
  poolOptions: { max: 4 },
  encryption,
}));
