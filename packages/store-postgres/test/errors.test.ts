import { inspect } from 'node:util';
import { isTokenStoreError } from '@tokenstore/core';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostgresDriverError, PostgresTokenStore } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';

const { server, pool } = await useServer();

function open(table = freshTable(), url = server.url): PostgresTokenStore {
  const store = new PostgresTokenStore({ url, table, poolOptions: { max: 2 } });
  onTestFinished(() => store.close());
  return store;
}

/** A trigger that refuses every insert with the row's data in the message, detail and hint. */
async function refuseInsertsQuotingData(table: string): Promise<void> {
  await pool.query(`CREATE FUNCTION "${table}_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused %', substring(NEW.data FROM 'SECRET-[a-z0-9-]+')
      USING DETAIL = NEW.data, HINT = NEW.data; END $$`);
  await pool.query(
    `CREATE TRIGGER refuse BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${table}_refuse"()`,
  );
}

describe('driver errors', () => {
  it('reach the caller as STORE_UNAVAILABLE with no token value in message, cause or util.inspect', async () => {
    const table = freshTable();
    const store = open(table);
    await store.saveToken({ userName: 'set-up', accessToken: 'creates the table' });
    await refuseInsertsQuotingData(table);
    const secret = 'SECRET-refresh-9f2c';
    const error = await store
      .saveToken({ userName: 'u', refreshToken: secret, clientId: 'c', clientSecret: 'SECRET-cs' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(PostgresDriverError);
    expect(cause).toMatchObject({ code: 'P0001', severity: 'ERROR' });
    const shown = inspect(error, { depth: 10, showHidden: true });
    expect(shown).not.toContain('SECRET-');
    expect(JSON.stringify(cause)).not.toContain('SECRET-');

    // The raw driver error for the same statement does quote it: the check above can fail.
    const raw = await pool
      .query(`INSERT INTO "${table}" (id, version, data) VALUES ($1, 1, $2)`, [
        Buffer.from('x'),
        `{"refreshToken":"${secret}"}`,
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(inspect(raw, { depth: 10 })).toContain(secret);
  });

  it('a refused connection is STORE_UNAVAILABLE naming ECONNREFUSED, without the password', async () => {
    const store = new PostgresTokenStore({
      url: 'postgres://app:PASSWORD-x1@127.0.0.1:1/app',
      poolOptions: { connectionTimeoutMillis: 2_000 },
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
    await pool.query('UPDATE tokenstore_schema SET version = 2 WHERE table_name = $1', [table]);
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
  it('stays open after close(); the store never adds listeners to it', async () => {
    const callers = new pg.Pool({ connectionString: server.url, max: 2 });
    onTestFinished(() => callers.end());
    const listeners = callers.listenerCount('error');
    const store = new PostgresTokenStore({ pool: callers, table: freshTable() });
    await store.saveToken({ accessToken: 'a' });
    await store.close();
    expect(callers.ended).toBe(false);
    expect(callers.listenerCount('error')).toBe(listeners);
    expect((await callers.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(inspect(store)).toContain('caller-owned pool');
  });
});

describe('a statement that outlives operationTimeoutMs', () => {
  it('is cancelled on the server: an update waiting for a row lock does not apply later', async () => {
    const table = freshTable();
    const store = new PostgresTokenStore({
      url: server.url,
      table,
      operationTimeoutMs: 300,
      poolOptions: { max: 2 },
    });
    onTestFinished(() => store.close());
    const saved = await store.saveToken({ userName: 'locked', accessToken: 'a1' });

    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT id FROM "${table}" FOR UPDATE`);
      const error = await store.saveToken({ userName: 'locked', accessToken: 'a2' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      // The store's UPDATE no longer waits behind the lock once the cancel has reached it.
      const waiting = async () =>
        Number(
          (
            await pool.query(
              `SELECT count(*) AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE $1`,
              [`UPDATE "${table}"%`],
            )
          ).rows[0].n,
        );
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
    // The pool is usable after the cancel.
    expect(await store.saveToken({ userName: 'locked', accessToken: 'a3' })).toMatchObject({
      version: 2,
    });
  });
});
