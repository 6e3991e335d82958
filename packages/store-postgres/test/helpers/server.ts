import { randomUUID } from 'node:crypto';
import { type PostgresServer, startPostgres } from '@tokenstore/test-servers';
import pg from 'pg';
import { afterAll } from 'vitest';

/** A table name no other test uses. */
export function freshTable(): string {
  return `t_${randomUUID().replaceAll('-', '')}`;
}

export interface TestServer {
  readonly server: PostgresServer;
  /** A pool of the test's own for raw reads, ended after the file. */
  readonly pool: pg.Pool;
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
  return { server, pool };
}
