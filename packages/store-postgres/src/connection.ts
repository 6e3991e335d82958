import { urlLocation } from '@tokenstore/core/backend';
import pg from 'pg';

/** The pool options a store uses for a pool of its own, under the caller's. */
const POOL_DEFAULTS: pg.PoolConfig = {
  // pg waits forever for a connection by default; a store that cannot reach its server should
  // fail (STORE_UNAVAILABLE) rather than queue calls without end.
  connectionTimeoutMillis: 5_000,
  max: 10,
};

/** Creates the store's own pool from a URL and/or pool options. */
export function createPool(url: string | undefined, options: pg.PoolConfig | undefined): pg.Pool {
  const pool = new pg.Pool({
    ...POOL_DEFAULTS,
    ...options,
    ...(url === undefined ? {} : { connectionString: url }),
  });
  // An idle client whose server went away (a restart, a failover) is reported here; without a
  // listener that event would end the process. The next query takes a fresh connection.
  pool.on('error', () => {});
  return pool;
}

/** host:port/database of a URL or pool options, never the user or password. */
export function whereOf(given: string | undefined, options: pg.PoolConfig | undefined): string {
  const url = given ?? options?.connectionString;
  if (url !== undefined) return urlLocation(url);
  const host = options?.host ?? process.env.PGHOST ?? 'localhost';
  const port = options?.port ?? process.env.PGPORT ?? 5432;
  const database = options?.database ?? process.env.PGDATABASE;
  return `${host}:${port}${database === undefined ? '' : `/${database}`}`;
}
