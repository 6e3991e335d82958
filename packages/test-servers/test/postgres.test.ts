import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../src/index.js';
import { describeServerLifecycle, stoppedAfterEach } from './lifecycle-suite.js';

/** Runs one query on a connection of its own. */
async function query(server: PostgresServer, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  const start = stoppedAfterEach(startPostgres);

  it('starts a real PostgreSQL on loopback, as a user other than root, with the data kept across restarts', async () => {
    const server = await start();
    expect(server.external).toBe(false);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    const [info] = await query(
      server,
      "SELECT version() AS version, current_setting('port') AS port, inet_server_addr()::text AS addr, current_setting('data_directory') AS data",
    );
    expect(info.version).toMatch(/^PostgreSQL \d+/);
    expect(info).toMatchObject({ port: String(server.port), addr: '127.0.0.1/32' });
    expect(info.data).toBe(`${server.dir}/data`);
    await query(server, 'CREATE TABLE t (v text)');
    await query(server, 'INSERT INTO t VALUES ($1)', ['kept']);

    await server.restart();
    expect(await query(server, 'SELECT v FROM t')).toEqual([{ v: 'kept' }]);
    await query(server, 'INSERT INTO t VALUES ($1)', ['after a crash']);
    await server.restart({ kill: true });
    expect((await query(server, 'SELECT v FROM t ORDER BY v')).map((row) => row.v)).toEqual([
      'after a crash',
      'kept',
    ]);
  });

  it('restart() shuts down at once with clients connected (fast shutdown, not smart)', async () => {
    const server = await start();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    client.on('error', () => {}); // the server ends the connection
    const before = Date.now();
    await server.restart();
    expect(Date.now() - before).toBeLessThan(8_000); // stop() would SIGKILL after 10 s
    await client.end().catch(() => {});
    expect(await query(server, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  describeServerLifecycle({
    binary: 'postgres',
    start: startPostgres,
    ping: (server) => query(server, 'SELECT 1 AS one'),
    pong: [{ one: 1 }],
    refused: { args: ['-c', 'no_such_setting=1'], output: /no_such_setting/ },
  });
});
