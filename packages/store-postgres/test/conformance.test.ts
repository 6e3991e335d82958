import { randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '@tokenstore/core';
import { byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { PostgresTokenStore, type PostgresTokenStoreOptions } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';

// The caller's-pool path is the same backend; errors.test.ts checks that such a pool stays open.
const { server } = await useServer();

/** Registers the suite for stores made with `options`, each on a fresh table. */
function describeWith(name: string, options: () => PostgresTokenStoreOptions): void {
  describeTokenStore(
    name,
    byNamespace((table) => new PostgresTokenStore({ ...options(), table }), freshTable),
  );
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
