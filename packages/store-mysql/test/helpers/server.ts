import { randomUUID } from 'node:crypto';
import { type MariaDbServer, startMariaDb } from '@tokenstore/test-servers';
import type { SqlStore } from '@tokenstore/test-servers/vitest';
import mysql from 'mysql2/promise';
import { afterAll } from 'vitest';
import { MysqlTokenStore } from '../../src/index.js';

/** A table name no other test uses. */
export function freshTable(): string {
  return `t_${randomUUID().replaceAll('-', '')}`;
}

export interface TestServer {
  readonly server: MariaDbServer;
  /** A pool of the test's own for raw reads, ended after the file. */
  readonly pool: mysql.Pool;
  /** How test-servers' SQL store suites open a MysqlTokenStore on this server. */
  readonly sql: SqlStore;
}

/**
 * Starts MariaDB for this test file (or uses MYSQL_URL's server: MySQL 8 or MariaDB), with a
 * pool on it; both are stopped after the file. Fails, naming scripts/install-test-servers, when
 * it is missing.
 */
export async function useServer(): Promise<TestServer> {
  const server = await startMariaDb();
  const pool = mysql.createPool({ uri: server.url, connectionLimit: 4 });
  afterAll(async () => {
    await pool.end();
    await server.stop();
  });
  const sql: SqlStore = {
    scheme: 'mysql',
    server: () => server,
    freshTable,
    open: ({ poolSize, connectTimeoutMs, ...options }) =>
      new MysqlTokenStore({
        ...options,
        poolOptions: {
          connectionLimit: poolSize,
          ...(connectTimeoutMs === undefined ? {} : { connectTimeout: connectTimeoutMs }),
        },
      }),
  };
  return { server, pool, sql };
}
