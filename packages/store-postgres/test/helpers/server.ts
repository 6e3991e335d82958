import { randomUUID } from 'node:crypto';
import { type PostgresServer, startPostgres } from '@tokenstore/test-servers';
import type { SqlStore } from '@tokenstore/test-servers/vitest';
import pg from 'pg';
import { afterAll } from 'vitest';
import { PostgresTokenStore } from '../../src/index.js';

/** A table name no other test uses. */
export function freshTable(): string {
  return `t_${randomUUID().replaceAll('-', '')}`;
}

export interface TestServer {
  readonly server: PostgresServer;
  /** A pool of the test's own for raw reads, ended after the file. */
  readonly pool: pg.Pool;
  /** How test-servers' SQL store suites open a PostgresTokenStore on this server. */
  readonly sql: SqlStore;
}

/**
 * Starts PostgreSQL for this test file (or uses POSTGRES_URL's server), with a pool on it; both
 * are stopped after the file. Fails, naming scripts/install-test-servers, when it is missing.
 */
export async function useServer(): Promise<TestServer> {
  const server = await startPostgres();
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  pool.on('error', () => {});
  afterAll(async () => {
    await pool.end();
    await server.stop();
  });
  const sql: SqlStore = {
    scheme: 'postgres',
    server: () => server,
    freshTable,
    open: ({ poolSize, connectTimeoutMs, ...options }) =>
      new PostgresTokenStore({
        ...options,
        poolOptions: {
          max: poolSize,
          ...(connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: connectTimeoutMs }),
        },
      }),
  };
  return { server, pool, sql };
}
