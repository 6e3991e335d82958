import { randomBytes } from 'node:crypto';
import type { EncryptionOptions, TokenStore } from '@tokenstore/core';
import { describeTokenStore } from '@tokenstore/core/vitest';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { PostgresTokenStore, type PostgresTokenStoreOptions } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';

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

// A pool the caller made: the stores use it and never end it.
const callers = new pg.Pool({ connectionString: server.url, max: 4 });
callers.on('error', () => {});
describeWith("PostgresTokenStore on the caller's pool", () => ({ pool: callers }));

it("leaves the caller's pool open after closing every store of the suite on it", async () => {
  // Tests in a file run in order: every store above has been created, used and closed.
  expect(callers.ended).toBe(false);
  const probe = new PostgresTokenStore({ pool: callers, table: freshTable() });
  await probe.saveToken({ accessToken: 'a' });
  await probe.close();
  expect(callers.ended).toBe(false);
  const { rows } = await callers.query('SELECT count(*)::int AS n FROM tokenstore_schema');
  expect(rows[0].n).toBeGreaterThan(60);
});

afterAll(() => callers.end());
