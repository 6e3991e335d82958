import { inspect } from 'node:util';
import { isTokenStoreError } from '@tokenstore/core';
import mysql from 'mysql2/promise';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MysqlDriverError, MysqlTokenStore } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';

const { server, pool } = await useServer();

function open(table = freshTable()): MysqlTokenStore {
  const store = new MysqlTokenStore({
    url: server.url,
    table,
    poolOptions: { connectionLimit: 2 },
  });
  onTestFinished(() => store.close());
  return store;
}

/** A trigger that refuses every insert with a piece of the row's data in its message. */
async function refuseInsertsQuotingData(table: string): Promise<void> {
  await pool.query(`CREATE TRIGGER \`${table}_refuse\` BEFORE INSERT ON \`${table}\` FOR EACH ROW
    BEGIN
      DECLARE message VARCHAR(128);
      SET message = SUBSTRING(CAST(NEW.data AS CHAR), LOCATE('SECRET-', CAST(NEW.data AS CHAR)), 100);
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;
    END`);
}

describe('driver errors', () => {
  it('reach the caller as STORE_UNAVAILABLE with no token value in message, cause or util.inspect', async () => {
    const table = freshTable();
    const store = open(table);
    await store.saveToken({ userName: 'set-up', accessToken: 'creates the table' });
    await refuseInsertsQuotingData(table);
    const secret = 'SECRET-refresh-9f2c';
    const error = await store
      .saveToken({ userName: 'u', refreshToken: secret, clientId: 'c' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(MysqlDriverError);
    expect(cause).toMatchObject({ sqlState: '45000' });
    const shown = inspect(error, { depth: 10, showHidden: true });
    expect(shown).not.toContain('SECRET-');
    expect(JSON.stringify(cause)).not.toContain('SECRET-');

    // The raw driver error for the same statement does carry it: the check above can fail.
    const raw = await pool
      .execute(`INSERT INTO \`${table}\` (id, version, data) VALUES (?, 1, ?)`, [
        Buffer.from('x'),
        Buffer.from(`{"refreshToken":"${secret}"}`),
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(inspect(raw, { depth: 10 })).toContain(secret);
  });

  it('a text query with values inlines them into the error (why the store only uses execute)', async () => {
    const raw = await pool.query('SELECT * FROM no_such_table WHERE x = ?', ['SECRET-inline']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(inspect(raw)).toContain('SECRET-inline');
    expect(inspect(new MysqlDriverError(raw))).not.toContain('SECRET-inline');
  });

  it('a refused connection is STORE_UNAVAILABLE naming ECONNREFUSED, without the password', async () => {
    const store = new MysqlTokenStore({
      url: 'mysql://app:PASSWORD-x1@127.0.0.1:1/app',
      poolOptions: { connectTimeout: 2_000 },
    });
    onTestFinished(() => store.close());
    const error = await store.findTokenById('x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(inspect(error, { depth: 10 })).not.toContain('PASSWORD-x1');
    expect(inspect(store)).toContain('127.0.0.1:1/app');
    expect(inspect(store)).not.toContain('PASSWORD-x1');
  });

  it('a table marked with a newer schema version is refused with STORE_MISCONFIGURED', async () => {
    const table = freshTable();
    await open(table).saveToken({ accessToken: 'a' });
    await pool.execute('UPDATE tokenstore_schema SET version = 2 WHERE table_name = ?', [
      Buffer.from(table),
    ]);
    const error = await open(table)
      .findTokenById('x')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', retryable: false });
    expect((error as Error).message).toMatch(/schema version 2.*reads 1/);
  });

  it('a duplicate is DUPLICATE_KEY, and the store is left as it was', async () => {
    const store = open();
    const first = await store.saveToken({ userName: 'one', accessToken: 'shared-at' });
    const second = await store.saveToken({ userName: 'two', accessToken: 'other' });
    await expect(
      store.saveToken({ id: second.id, accessToken: 'shared-at' }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
    expect(await store.findTokenById(second.id)).toEqual(second);
    expect(await store.findToken({ accessToken: 'shared-at' })).toEqual(first);
  });
});

describe('caller-owned pool', () => {
  it('stays open after close()', async () => {
    const callers = mysql.createPool({ uri: server.url, connectionLimit: 2 });
    onTestFinished(() => callers.end());
    const store = new MysqlTokenStore({ pool: callers, table: freshTable() });
    await store.saveToken({ accessToken: 'a' });
    await store.close();
    const [rows] = await callers.query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    expect(inspect(store)).toContain('caller-owned pool');
  });
});

describe('a statement that outlives operationTimeoutMs', () => {
  it('is stopped on the server: an update waiting for a row lock does not apply later', async () => {
    const table = freshTable();
    const store = new MysqlTokenStore({
      url: server.url,
      table,
      operationTimeoutMs: 300,
      poolOptions: { connectionLimit: 2 },
    });
    onTestFinished(() => store.close());
    const saved = await store.saveToken({ userName: 'locked', accessToken: 'a1' });

    const locker = await pool.getConnection();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT id FROM \`${table}\` FOR UPDATE`);
      const error = await store.saveToken({ userName: 'locked', accessToken: 'a2' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      // The store's UPDATE no longer waits behind the lock once KILL QUERY has reached it.
      const waiting = async () => {
        const [rows] = await pool.query<mysql.RowDataPacket[]>(
          'SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE ?',
          [`UPDATE \`${table}\`%`],
        );
        return Number(rows[0]?.n);
      };
      const until = Date.now() + 5_000;
      while ((await waiting()) > 0 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await waiting()).toBe(0);
    } finally {
      await locker.query('COMMIT');
      locker.release();
    }
    // Had the UPDATE gone on waiting, the COMMIT would have let it write version 2.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.findTokenById(saved.id)).toMatchObject({ version: 1, accessToken: 'a1' });
    expect(await store.saveToken({ userName: 'locked', accessToken: 'a3' })).toMatchObject({
      version: 2,
    });
  });
});
