// close() while a statement of the store waits for another transaction's row lock (up to
// innodb_lock_wait_timeout): the shared suite, with MySQL's own: the PROCESSLIST threads of the
// store's UPDATE and of a KILL QUERY, a user WITH MAX_USER_CONNECTIONS 1.
import { describeSqlCloseWhileStalled } from '@tokenstore/test-servers/vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { lockRows } from './helpers/lock-rows.js';
import { useServer } from './helpers/server.js';

const { pool, sql } = await useServer();

describeSqlCloseWhileStalled({
  ...sql,
  stop: 'kill',
  lockRows: (table) => lockRows(pool, table),
  openWatched: (options) => ({
    store: sql.open(options),
    running: async () => {
      const [rows] = await pool.query<RowDataPacket[]>(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE ? OR INFO LIKE 'KILL QUERY%'",
        [`UPDATE \`${options.table}\`%`],
      );
      return rows.map((row) => String(row.id));
    },
    connections: async (stalled) => {
      const [rows] = await pool.query<RowDataPacket[]>(
        'SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?',
        [Number(stalled)],
      );
      return Number(rows[0]?.n);
    },
  }),
  oneConnectionUser: async (table) => {
    // Short: MySQL's user names have at most 32 characters.
    const user = `r${Date.now() % 1e9}`;
    const url = new URL(sql.server().url);
    const database = url.pathname.slice(1);
    await pool.query(`CREATE USER '${user}'@'127.0.0.1' WITH MAX_USER_CONNECTIONS 1`);
    await pool.query(`GRANT SELECT ON \`${database}\`.tokenstore_schema TO '${user}'@'127.0.0.1'`);
    await pool.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${database}\`.\`${table}\` TO '${user}'@'127.0.0.1'`,
    );
    url.username = user;
    return url.href;
  },
  versions: async (table) => {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT version FROM \`${table}\``);
    return rows.map((row) => Number(row.version));
  },
});
