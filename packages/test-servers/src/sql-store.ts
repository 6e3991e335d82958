import type { EncryptionOptions, TokenStore } from '@tokenstore/core';
import { onTestFinished } from 'vitest';
import type { RestartableServer } from './restartable-server.js';

/** The options every SQL store has, in one shape: the adapter maps them onto its driver's pool. */
export interface SqlStoreOptions {
  readonly url: string;
  readonly table: string;
  /** The pool's size (pg `max`, mysql2 `connectionLimit`). */
  readonly poolSize: number;
  /** How long a connection attempt may take (pg `connectionTimeoutMillis`, mysql2 `connectTimeout`). */
  readonly connectTimeoutMs?: number;
  readonly operationTimeoutMs?: number;
  readonly encryption?: EncryptionOptions;
}

/**
 * What the SQL store suites (store-postgres, store-mysql: both on core's SqlTableBackend) need
 * of an adapter: its server, its table names and how it opens a store.
 */
export interface SqlStore {
  /** The scheme of the store's URLs, also its name in titles and logs (`postgres`, `mysql`). */
  readonly scheme: string;
  /** The test file's server (read inside tests). */
  readonly server: () => RestartableServer;
  /** A table name no other test uses. */
  readonly freshTable: () => string;
  /** A store with these options. */
  readonly open: (options: SqlStoreOptions) => TokenStore;
}

/**
 * A store of `sql` on its server, a fresh table and a pool of 2 unless `options` say otherwise;
 * closed when the test finishes.
 */
export function openSqlStore(sql: SqlStore, options: Partial<SqlStoreOptions> = {}): TokenStore {
  const store = sql.open({
    url: sql.server().url,
    table: sql.freshTable(),
    poolSize: 2,
    ...options,
  });
  onTestFinished(() => store.close());
  return store;
}
