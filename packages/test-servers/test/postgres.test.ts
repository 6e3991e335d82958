import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../src/index.js';
import { canBind } from './helpers.js';

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
  const started: PostgresServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  const start = async (options?: Parameters<typeof startPostgres>[0]) => {
    const server = await startPostgres(options);
    started.push(server);
    return server;
  };

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

  it('kill() leaves it down until restart(); stop() frees the port and removes its temp dir', async () => {
    const server = await startPostgres();
    await server.kill();
    await expect(query(server, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    await server.restart();
    expect(await query(server, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(await canBind(server.port)).toBe(false);
    await server.stop();
    expect(await canBind(server.port)).toBe(true);
    expect(server.dir !== undefined && existsSync(server.dir)).toBe(false);
    await server.stop(); // idempotent
  });

  it('never takes a server already on the port for the one it started', async () => {
    const first = await start();
    await expect(startPostgres({ port: first.port })).rejects.toThrow(
      /exited before it was ready[\s\S]*Address already in use/,
    );
    expect(await query(first, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('fails with the server output when postgres cannot start', async () => {
    await expect(start({ args: ['-c', 'no_such_setting=1'] })).rejects.toThrow(
      /postgres on 127\.0\.0\.1:\d+ exited before it was ready[\s\S]*no_such_setting/,
    );
  });
});
