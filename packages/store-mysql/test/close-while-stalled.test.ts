// close() while a statement of the store waits for another transaction's row lock: the store's
// timeout stops the statement on the server (KILL QUERY) through a connection outside the pool,
// so close() neither waits for the lock (up to innodb_lock_wait_timeout) nor leaves the
// statement behind to apply once the lock frees.
import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';
import {
  lockRows,
  rejection,
  threadExists,
  threadsRunning,
  until,
  within,
} from './helpers/stall.js';

const { server, pool } = await useServer();

/** How long close() may take once the stalled call has timed out (it used to wait for the lock). */
const CLOSE_BOUND_MS = 2_000;

/** A store with a timeout of 300 ms on a fresh table holding one token, its set-up done. */
async function openStalledStore(connectionLimit: number, user?: string) {
  const table = freshTable();
  // The table is made without the timeout: set-up can take longer than 300 ms on a loaded machine.
  const setup = new MysqlTokenStore({ url: server.url, table, operationTimeoutMs: 0 });
  await setup.saveToken({ userName: 'locked', accessToken: 'a1' });
  await setup.close();
  const url = new URL(server.url);
  if (user !== undefined) {
    // A user that may hold one connection: the pool's, none more for the kill.
    const database = url.pathname.slice(1);
    await pool.query(`CREATE USER '${user}'@'127.0.0.1' WITH MAX_USER_CONNECTIONS 1`);
    await pool.query(`GRANT SELECT ON \`${database}\`.tokenstore_schema TO '${user}'@'127.0.0.1'`);
    await pool.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${database}\`.\`${table}\` TO '${user}'@'127.0.0.1'`,
    );
    url.username = user;
  }
  const store = new MysqlTokenStore({
    url: url.href,
    table,
    poolOptions: { connectionLimit },
    operationTimeoutMs: 300,
  });
  onTestFinished(() => store.close());
  // The timed store's set-up (one SELECT) is done here, so its call that times out is the UPDATE.
  expect(await store.findToken({ userName: 'locked' })).toMatchObject({ version: 1 });
  return { store, table };
}

/** The thread of the store's UPDATE of `table` once it waits for the lock. */
async function stalledThread(table: string): Promise<number> {
  let threads: number[] = [];
  await until(async () => {
    threads = await threadsRunning(pool, `UPDATE \`${table}\``);
    return threads.length > 0;
  }, 2_000);
  expect(threads).toHaveLength(1);
  return threads[0] as number;
}

/** After close: nothing of the store runs on the server, its connection goes, the row is as it was. */
async function expectNothingLeft(
  store: TokenStore,
  table: string,
  thread: number,
  unlock: () => Promise<void>,
): Promise<void> {
  expect(await threadsRunning(pool, `UPDATE \`${table}\``)).toEqual([]);
  expect(await threadsRunning(pool, 'KILL QUERY')).toEqual([]);
  // Had the UPDATE gone on waiting, the COMMIT would let it write version 2.
  await unlock();
  await until(async () => !(await threadExists(pool, thread)), 2_000);
  expect(await threadExists(pool, thread)).toBe(false);
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT version FROM \`${table}\``);
  expect(rows.map((row) => Number(row.version))).toEqual([1]);
  const closed = await rejection(store.findToken({ userName: 'locked' }));
  expect(isTokenStoreError(closed, 'STORE_CLOSED')).toBe(true);
}

describe('close() while a statement waits for a row lock', () => {
  it('after the call timed out in a pool of one (no connection for the kill): finishes at once, nothing left running', async () => {
    const { store, table } = await openStalledStore(1);
    const unlock = await lockRows(pool, table);
    try {
      const saving = rejection(store.saveToken({ userName: 'locked', accessToken: 'a2' }));
      const thread = await stalledThread(table);
      expect(isTokenStoreError(await saving, 'STORE_UNAVAILABLE')).toBe(true);
      const started = performance.now();
      expect(await within(store.close(), CLOSE_BOUND_MS)).toBeUndefined();
      console.log(
        `close after a timed-out call, pool of 1: ${Math.round(performance.now() - started)} ms`,
      );
      await expectNothingLeft(store, table, thread, unlock);
    } finally {
      await unlock();
    }
  });

  it('before the call timed out (the closed pool refuses the kill): the timeout still stops it, close finishes', async () => {
    const { store, table } = await openStalledStore(2);
    const unlock = await lockRows(pool, table);
    try {
      const saving = rejection(store.saveToken({ userName: 'locked', accessToken: 'a2' }));
      const thread = await stalledThread(table);
      const started = performance.now();
      const closing = store.close();
      expect(isTokenStoreError(await saving, 'STORE_UNAVAILABLE')).toBe(true);
      expect(await within(closing, 300 + CLOSE_BOUND_MS)).toBeUndefined();
      console.log(
        `close during a stalled call, pool of 2: ${Math.round(performance.now() - started)} ms`,
      );
      await expectNothingLeft(store, table, thread, unlock);
    } finally {
      await unlock();
    }
  });

  it('when the kill cannot connect (a user limited to one connection): the statement is cut off, close finishes', async () => {
    const { store, table } = await openStalledStore(1, `r${Date.now() % 1e9}`);
    const unlock = await lockRows(pool, table);
    try {
      const saving = rejection(store.saveToken({ userName: 'locked', accessToken: 'a2' }));
      const thread = await stalledThread(table);
      expect(isTokenStoreError(await saving, 'STORE_UNAVAILABLE')).toBe(true);
      const started = performance.now();
      // The kill fails at once; a second later the connection is closed under the statement.
      expect(await within(store.close(), 1_000 + CLOSE_BOUND_MS)).toBeUndefined();
      console.log(
        `close with no connection for the kill: ${Math.round(performance.now() - started)} ms`,
      );
      // What is left: the server runs the statement on until the lock frees (or
      // innodb_lock_wait_timeout), which is why the kill has a connection of its own.
      expect(await threadsRunning(pool, `UPDATE \`${table}\``)).toEqual([thread]);
    } finally {
      await unlock();
    }
  });
});
