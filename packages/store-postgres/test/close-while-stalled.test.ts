// close() while a statement of the store waits for another transaction's row lock: the shared
// suite, with PostgreSQL's own: pg_stat_activity under the store's application_name, a role
// with CONNECTION LIMIT 1.
import { describeSqlCloseWhileStalled } from '@tokenstore/test-servers/vitest';
import { PostgresTokenStore } from '../src/index.js';
import { lockRows } from './helpers/lock-rows.js';
import { freshTable, useServer } from './helpers/server.js';

const { pool, sql } = await useServer();

describeSqlCloseWhileStalled({
  ...sql,
  stop: 'cancel',
  lockRows: (table) => lockRows(pool, table),
  openWatched: ({ url, table, poolSize, operationTimeoutMs }) => {
    // The name the server lists the store's connections under (its cancels' too).
    const name = `closehang_${table}`;
    const store = new PostgresTokenStore({
      url,
      table,
      poolOptions: { max: poolSize, application_name: name },
      ...(operationTimeoutMs === undefined ? {} : { operationTimeoutMs }),
    });
    return {
      store,
      running: async () => {
        const { rows } = await pool.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle'`,
          [name],
        );
        return rows.map((row) => String(row.pid));
      },
      connections: async () => {
        const { rows } = await pool.query(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
          [name],
        );
        return Number(rows[0].n);
      },
    };
  },
  oneConnectionUser: async (table) => {
    const user = `r_${freshTable()}`;
    await pool.query(`CREATE ROLE "${user}" LOGIN CONNECTION LIMIT 1`);
    await pool.query(`GRANT SELECT ON tokenstore_schema TO "${user}"`);
    await pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${table}" TO "${user}"`);
    const url = new URL(sql.server().url);
    url.username = user;
    return url.href;
  },
  versions: async (table) => {
    const { rows } = await pool.query(`SELECT version FROM "${table}"`);
    return rows.map((row) => Number(row.version));
  },
});
