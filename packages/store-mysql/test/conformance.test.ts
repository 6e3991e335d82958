import { randomBytes } from 'node:crypto';
import type { EncryptionOptions, TokenStore } from '@tokenstore/core';
import { describeTokenStore } from '@tokenstore/core/vitest';
import mysql from 'mysql2/promise';
import { afterAll, expect, it } from 'vitest';
import { MysqlTokenStore, type MysqlTokenStoreOptions } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';

const { server } = await useServer();

/** Registers the suite for stores made with `options`, each on a fresh table. */
function describeWith(name: string, options: () => MysqlTokenStoreOptions): void {
  const tables = new WeakMap<TokenStore, string>();
  const open = (table: string) => {
    const store = new MysqlTokenStore({ ...options(), table });
    tables.set(store, table);
    return store;
  };
  describeTokenStore(name, {
    create: () => open(freshTable()),
    reopen: (store) => open(tables.get(store) ?? freshTable()),
  });
}

describeWith('MysqlTokenStore from a URL, one table per store', () => ({
  url: server.url,
  poolOptions: { connectionLimit: 4 },
}));

const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
};
describeWith('MysqlTokenStore with encryption at rest', () => ({
  url: server.url,
  poolOptions: { connectionLimit: 4 },
  encryption,
}));

// A pool the caller made: the stores use it and never end it.
const callers = mysql.createPool({ uri: server.url, connectionLimit: 4 });
describeWith("MysqlTokenStore on the caller's pool", () => ({ pool: callers }));

it("leaves the caller's pool open after closing every store of the suite on it", async () => {
  // Tests in a file run in order: every store above has been created, used and closed.
  const probe = new MysqlTokenStore({ pool: callers, table: freshTable() });
  await probe.saveToken({ accessToken: 'a' });
  await probe.close();
  // The pool still runs queries: an ended mysql2 pool rejects them ("Pool is closed").
  const [rows] = await callers.query('SELECT count(*) AS n FROM tokenstore_schema');
  expect(Number((rows as { n: unknown }[])[0]?.n)).toBeGreaterThan(60);
});

afterAll(() => callers.end());
