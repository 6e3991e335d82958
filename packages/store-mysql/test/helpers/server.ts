import { randomUUID } from 'node:crypto';
import { type MariaDbServer, startMariaDb } from '@tokenstore/test-servers';
import mysql from 'mysql2/promise';
import { afterAll } from 'vitest';

/** A table name no other test uses. */
export function freshTable(): string {
  return `t_${randomUUID().replaceAll('-', '')}`;
}

export interface TestServer {
  readonly server: MariaDbServer;
  /** A pool of the test's own for raw reads, ended after the file. */
  readonly pool: mysql.Pool;
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
  return { server, pool };
}
