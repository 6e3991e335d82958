import { inspect } from 'node:util';
import {
  describeSqlCallerPool,
  describeSqlDriverErrors,
  describeSqlStatementCancel,
  describeSqlTimeoutWhileWaiting,
  type SqlCallerPool,
} from '@tokenstore/test-servers/vitest';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { MysqlDriverError, MysqlTokenStore } from '../src/index.js';
import { lockRows } from './helpers/lock-rows.js';
import { useServer } from './helpers/server.js';

const { server, pool, sql } = await useServer();

describeSqlDriverErrors({
  ...sql,
  // A trigger that refuses every insert with a piece of the row's data in its message.
  refuseInsertsQuotingData: async (table) => {
    await pool.query(`CREATE TRIGGER \`${table}_refuse\` BEFORE INSERT ON \`${table}\` FOR EACH ROW
      BEGIN
        DECLARE message VARCHAR(128);
        SET message = SUBSTRING(CAST(NEW.data AS CHAR), LOCATE('SECRET-', CAST(NEW.data AS CHAR)), 100);
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;
      END`);
  },
  rawInsert: (table, data) =>
    pool.execute(`INSERT INTO \`${table}\` (id, version, data) VALUES (?, 1, ?)`, [
      Buffer.from('x'),
      Buffer.from(data),
    ]),
  driverError: MysqlDriverError,
  refusedFields: { sqlState: '45000' },
  markSchemaVersion: async (table, version) => {
    await pool.execute('UPDATE tokenstore_schema SET version = ? WHERE table_name = ?', [
      version,
      Buffer.from(table),
    ]);
  },
});

describe('mysql2 text queries', () => {
  it('a text query with values inlines them into the error (why the store only uses execute)', async () => {
    const raw = await pool.query('SELECT * FROM no_such_table WHERE x = ?', ['SECRET-inline']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(inspect(raw)).toContain('SECRET-inline');
    expect(inspect(new MysqlDriverError(raw))).not.toContain('SECRET-inline');
  });
});

describeSqlStatementCancel({
  ...sql,
  cancelledBy: 'KILL QUERY',
  lockRows: (table) => lockRows(pool, table),
  waitingUpdates: async (table) => {
    const [rows] = await pool.query<mysql.RowDataPacket[]>(
      'SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE ?',
      [`UPDATE \`${table}\`%`],
    );
    return Number(rows[0]?.n);
  },
});

const callerPool: SqlCallerPool<mysql.Pool> = {
  ...sql,
  createPool: (connections) => mysql.createPool({ uri: server.url, connectionLimit: connections }),
  endPool: (callers) => callers.end(),
  openOn: (callers, options) => new MysqlTokenStore({ pool: callers, ...options }),
  selectOne: async (callers) => (await callers.query('SELECT 1 AS one'))[0],
  state: (callers) => ({ errorListeners: callers.listenerCount('error') }),
};

describeSqlCallerPool(callerPool);

describeSqlTimeoutWhileWaiting({
  ...callerPool,
  hold: async (callers) => {
    const held = await callers.getConnection();
    return () => held.release();
  },
  versions: async (table) => {
    const [rows] = await pool.query<mysql.RowDataPacket[]>(`SELECT version FROM \`${table}\``);
    return rows.map((row) => Number(row.version));
  },
});
