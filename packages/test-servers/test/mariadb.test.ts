import { existsSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { MARIADB_DATABASE, type MariaDbServer, startMariaDb } from '../src/index.js';
import { canBind } from './helpers.js';

/** Runs one statement on a connection of its own. */
async function query(server: MariaDbServer, sql: string, values: unknown[] = []) {
  const connection = await mysql.createConnection({ uri: server.url, connectTimeout: 5_000 });
  try {
    const [rows] = await connection.query(sql, values);
    return rows as Record<string, unknown>[];
  } finally {
    await connection.end();
  }
}

describe('startMariaDb', () => {
  const started: MariaDbServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  const start = async (options?: Parameters<typeof startMariaDb>[0]) => {
    const server = await startMariaDb(options);
    started.push(server);
    return server;
  };

  it('starts a real MariaDB on loopback with its database, keeping the data across restarts', async () => {
    const server = await start();
    expect(server.external).toBe(false);
    expect(server.url).toBe(`mysql://root@127.0.0.1:${server.port}/${MARIADB_DATABASE}`);
    const [info] = await query(
      server,
      'SELECT VERSION() AS version, @@port AS port, DATABASE() AS db, @@datadir AS datadir',
    );
    expect(info?.version).toMatch(/MariaDB/);
    expect(info).toMatchObject({ port: server.port, db: MARIADB_DATABASE });
    expect(info?.datadir).toBe(`${server.dir}/data/`);
    await query(server, 'CREATE TABLE t (v VARCHAR(20)) ENGINE=InnoDB');
    await query(server, 'INSERT INTO t VALUES (?)', ['kept']);

    await server.restart();
    expect(await query(server, 'SELECT v FROM t')).toEqual([{ v: 'kept' }]);
    await query(server, 'INSERT INTO t VALUES (?)', ['after a crash']);
    await server.restart({ kill: true });
    expect((await query(server, 'SELECT v FROM t ORDER BY v')).map((row) => row.v)).toEqual([
      'after a crash',
      'kept',
    ]);
  });

  it('kill() leaves it down until restart(); stop() frees the port and removes its temp dir', async () => {
    const server = await startMariaDb();
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
    await expect(startMariaDb({ port: first.port })).rejects.toThrow(
      /exited before it was ready[\s\S]*Address already in use/,
    );
    expect(await query(first, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('fails with the server output when mariadbd cannot start', async () => {
    await expect(start({ args: ['--no-such-option=1'] })).rejects.toThrow(
      /mariadbd on 127\.0\.0\.1:\d+ exited before it was ready[\s\S]*no-such-option/,
    );
  });
});
