// close() while a statement of the store waits for another transaction's row lock: the store's
// timeout cancels the statement on the server through a connection outside the pool, so close()
// neither waits for the lock nor leaves the statement behind to apply once the lock frees.
import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';
import { connectionsOf, lockRows, rejection, until, within } from './helpers/stall.js';

const { server, pool } = await useServer();

/** How long close() may take once the stalled call has timed out (it used to wait for the lock). */
const CLOSE_BOUND_MS = 2_000;

/**
 * A store with a timeout of 300 ms on a fresh table holding one token, its set-up done, whose
 * connections the server lists under their own name.
 */
async function openStalledStore(max: number, user?: string) {
  const table = freshTable();
  const name = `closehang_${table}`;
  // The table is made without the timeout: set-up can take longer than 300 ms on a loaded machine.
  const setup = new PostgresTokenStore({ url: server.url, table, operationTimeoutMs: 0 });
  await setup.saveToken({ userName: 'locked', accessToken: 'a1' });
  await setup.close();
  const url = new URL(server.url);
  if (user !== undefined) {
    // A role that may hold one connection: the pool's, none more for the cancel.
    await pool.query(`CREATE ROLE "${user}" LOGIN CONNECTION LIMIT 1`);
    await pool.query(`GRANT SELECT ON tokenstore_schema TO "${user}"`);
    await pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${table}" TO "${user}"`);
    url.username = user;
  }
  const store = new PostgresTokenStore({
    url: url.href,
    table,
    poolOptions: { max, application_name: name },
    operationTimeoutMs: 300,
  });
  onTestFinished(() => store.close());
  // The timed store's set-up (one SELECT) is done here, so its call that times out is the UPDATE.
  expect(await store.findToken({ userName: 'locked' })).toMatchObject({ version: 1 });
  return { store, table, name };
}

/** After close: nothing of the store runs on the server, its connections go, the row is as it was. */
async function expectNothingLeft(
  store: TokenStore,
  table: string,
  name: string,
  unlock: () => Promise<void>,
): Promise<void> {
  expect(await connectionsOf(pool, name)).toMatchObject({ busy: 0 });
  // Had the UPDATE gone on waiting, the COMMIT would let it write version 2.
  await unlock();
  await until(async () => (await connectionsOf(pool, name)).open === 0, 2_000);
  expect(await connectionsOf(pool, name)).toEqual({ open: 0, busy: 0 });
  const { rows } = await pool.query(`SELECT version FROM "${table}"`);
  expect(rows.map((row) => Number(row.version))).toEqual([1]);
  const closed = await rejection(store.findToken({ userName: 'locked' }));
  expect(isTokenStoreError(closed, 'STORE_CLOSED')).toBe(true);
}

describe('close() while a statement waits for a row lock', () => {
  it('after the call timed out in a pool of one (no connection for the cancel): finishes at once, nothing left running', async () => {
    const { store, table, name } = await openStalledStore(1);
    const unlock = await lockRows(pool, table);
    try {
      const error = await rejection(store.saveToken({ userName: 'locked', accessToken: 'a2' }));
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      const started = performance.now();
      expect(await within(store.close(), CLOSE_BOUND_MS)).toBeUndefined();
      console.log(
        `close after a timed-out call, pool of 1: ${Math.round(performance.now() - started)} ms`,
      );
      await expectNothingLeft(store, table, name, unlock);
    } finally {
      await unlock();
    }
  });

  it('before the call timed out (the ending pool refuses the cancel): the timeout still stops it, close finishes', async () => {
    const { store, table, name } = await openStalledStore(2);
    const unlock = await lockRows(pool, table);
    try {
      const saving = rejection(store.saveToken({ userName: 'locked', accessToken: 'a2' }));
      await until(async () => (await connectionsOf(pool, name)).busy > 0, 2_000);
      expect((await connectionsOf(pool, name)).busy).toBe(1);
      const started = performance.now();
      const closing = store.close();
      expect(isTokenStoreError(await saving, 'STORE_UNAVAILABLE')).toBe(true);
      expect(await within(closing, 300 + CLOSE_BOUND_MS)).toBeUndefined();
      console.log(
        `close during a stalled call, pool of 2: ${Math.round(performance.now() - started)} ms`,
      );
      await expectNothingLeft(store, table, name, unlock);
    } finally {
      await unlock();
    }
  });

  it('when the cancel cannot connect (a role limited to one connection): the statement is cut off, close finishes', async () => {
    const { store, table, name } = await openStalledStore(1, `r_${freshTable()}`);
    const unlock = await lockRows(pool, table);
    try {
      const error = await rejection(store.saveToken({ userName: 'locked', accessToken: 'a2' }));
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      const started = performance.now();
      // The cancel fails at once; a second later the connection is closed under the statement.
      expect(await within(store.close(), 1_000 + CLOSE_BOUND_MS)).toBeUndefined();
      console.log(
        `close with no connection for the cancel: ${Math.round(performance.now() - started)} ms`,
      );
      // What is left: the server runs the statement on until the lock frees (it notices the
      // closed connection only then), which is why the cancel has a connection of its own.
      expect(await connectionsOf(pool, name)).toEqual({ open: 1, busy: 1 });
    } finally {
      await unlock();
    }
  });
});
