import { urlLocation } from '@tokenstore/core/backend';
import mysql, { type Connection, type Pool, type PoolOptions } from 'mysql2/promise';

/** How long a store's own connection attempt may take (mysql2's default is 10 s). */
const CONNECT_TIMEOUT_MS = 5_000;

/** The pool options a store uses for a pool of its own, under the caller's. */
const POOL_DEFAULTS: PoolOptions = {
  connectionLimit: 10,
  connectTimeout: CONNECT_TIMEOUT_MS,
};

/** Creates the store's own pool from a URL and/or pool options. */
export function createPool(url: string | undefined, options: PoolOptions | undefined): Pool {
  return mysql.createPool({
    ...POOL_DEFAULTS,
    ...options,
    ...(url === undefined ? {} : { uri: url }),
  });
}

/**
 * Opens one connection with the options of the store's own pool (pool-only options are valid
 * there too), for `KILL QUERY` outside the pool. Waits at most `connectTimeout` (5 s when that
 * is 0: `close()` waits for it).
 */
export function connectLikePool(
  url: string | undefined,
  options: PoolOptions | undefined,
): Promise<Connection> {
  const connectTimeout = options?.connectTimeout || CONNECT_TIMEOUT_MS;
  return mysql.createConnection({
    ...POOL_DEFAULTS,
    ...options,
    connectTimeout,
    ...(url === undefined ? {} : { uri: url }),
  });
}

/** host:port/database of a URL or pool options, never the user or password. */
export function whereOf(given: string | undefined, options: PoolOptions | undefined): string {
  const url = given ?? options?.uri;
  if (url !== undefined) return urlLocation(url);
  const host = options?.host ?? options?.socketPath ?? 'localhost';
  const port = options?.socketPath === undefined ? `:${options?.port ?? 3306}` : '';
  const database = options?.database;
  return `${host}${port}${database === undefined ? '' : `/${database}`}`;
}
