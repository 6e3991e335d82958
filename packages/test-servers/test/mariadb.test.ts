import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { MARIADB_DATABASE, type MariaDbServer, startMariaDb } from '../src/index.js';
import { describeServerLifecycle, stoppedAfterEach } from './lifecycle-suite.js';

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
  const start = stoppedAfterEach(startMariaDb);

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

  describeServerLifecycle({
    binary: 'mariadbd',
    start: startMariaDb,
    ping: (server) => query(server, 'SELECT 1 AS one'),
    pong: [{ one: 1 }],
    refused: { args: ['--no-such-option=1'], output: /no-such-option/ },
  });
});
