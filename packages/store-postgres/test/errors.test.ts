import {
  describeSqlCallerPool,
  describeSqlDriverErrors,
  describeSqlStatementCancel,
  describeSqlTimeoutWhileWaiting,
  type SqlCallerPool,
} from '@tokenstore/test-servers/vitest';
import pg from 'pg';
import { PostgresDriverError, PostgresTokenStore } from '../src/index.js';
import { lockRows } from './helpers/lock-rows.js';
import { useServer } from './helpers/server.js';

const { server, pool, sql } = await useServer();

describeSqlDriverErrors({
  ...sql,
  // A trigger that refuses every insert with the row's data in the message, detail and hint.
  refuseInsertsQuotingData: async (table) => {
    await pool.query(`CREATE FUNCTION "${table}_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused %', substring(NEW.data FROM 'SECRET-[a-z0-9-]+')
        USING DETAIL = NEW.data, HINT = NEW.data; END $$`);
    await pool.query(
      `CREATE TRIGGER refuse BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${table}_refuse"()`,
    );
  },
  rawInsert: (table, data) =>
    pool.query(`INSERT INTO "${table}" (id, version, data) VALUES ($1, 1, $2)`, [
      Buffer.from('x'),
      data,
    ]),
  driverError: PostgresDriverError,
  refusedFields: { code: 'P0001', severity: 'ERROR' },
  markSchemaVersion: async (table, version) => {
    await pool.query('UPDATE tokenstore_schema SET version = $1 WHERE table_name = $2', [
      version,
      table,
    ]);
  },
});

describeSqlStatementCancel({
  ...sql,
  cancelledBy: 'pg_cancel_backend',
  lockRows: (table) => lockRows(pool, table),
  waitingUpdates: async (table) => {
    const { rows } = await pool.query(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
      [`UPDATE "${table}"%`],
    );
    return Number(rows[0].n);
  },
});

const callerPool: SqlCallerPool<pg.Pool> = {
  ...sql,
  createPool: (connections) => {
    const callers = new pg.Pool({ connectionString: server.url, max: connections });
    // As pg asks of every pool: pool.end() resolves before its connections have closed, so a
    // server stopping right after this test (the file's last) can still reach one with 57P01,
    // and a pool with no 'error' listener throws that as an uncaught exception.
    callers.on('error', () => {});
    return callers;
  },
  endPool: (callers) => callers.end(),
  openOn: (callers, options) => new PostgresTokenStore({ pool: callers, ...options }),
  selectOne: async (callers) => (await callers.query('SELECT 1 AS one')).rows,
  state: (callers) => ({ ended: callers.ended, errorListeners: callers.listenerCount('error') }),
};

describeSqlCallerPool(callerPool);

describeSqlTimeoutWhileWaiting({
  ...callerPool,
  hold: async (callers) => {
    const held = await callers.connect();
    return () => held.release();
  },
  versions: async (table) => {
    const { rows } = await pool.query(`SELECT version FROM "${table}"`);
    return rows.map((row) => Number(row.version));
  },
});
