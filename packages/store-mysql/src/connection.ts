import { urlLocation } from '@tokenstore/core/backend';
import mysql, { type Pool, type PoolOptions } from 'mysql2/promise';

/** The pool options a store uses for a pool of its own, under the caller's. */
const POOL_DEFAULTS: PoolOptions = {
  connectionLimit: 10,
  connectTimeout: 5_000,
};

/** Creates the store's own pool from a URL and/or pool options. */
export function createPool(url: string | undefined, options: PoolOptions | undefined): Pool {
  return mysql.createPool({
    ...POOL_DEFAULTS,
    ...options,
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
