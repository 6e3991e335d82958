// A call that times out while it waits for a connection of a full pool must not run its
// statement once it gets one: the caller was told STORE_UNAVAILABLE, so its write must not
// apply later (its signal had aborted before the store listened for the abort).
import { isTokenStoreError } from '@tokenstore/core';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable, useServer } from './helpers/server.js';
import { rejection, sleep } from './helpers/stall.js';

const { server, pool } = await useServer();

describe('a call that timed out waiting for a connection', () => {
  it('does not run its statement when the connection comes', async () => {
    const table = freshTable();
    // A pool of one that the test can fill: the caller's.
    const callers = mysql.createPool({ uri: server.url, connectionLimit: 1 });
    onTestFinished(() => callers.end());
    // The table is made without the timeout: set-up can take longer than 300 ms on a loaded
    // machine. The timed store's set-up (one SELECT) is done by its first read, so that the call
    // that waits for the connection is the DELETE itself.
    const setup = new MysqlTokenStore({ pool: callers, table, operationTimeoutMs: 0 });
    const saved = await setup.saveToken({ userName: 'kept', accessToken: 'a1' });
    await setup.close();
    const store = new MysqlTokenStore({ pool: callers, table, operationTimeoutMs: 300 });
    onTestFinished(() => store.close());
    expect(await store.findTokenById(saved.id)).toMatchObject({ version: 1 });

    const held = await callers.getConnection();
    try {
      const error = await rejection(store.deleteToken(saved.id));
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    } finally {
      held.release();
    }
    // The waiting DELETE gets the connection now; it ran there and removed the token.
    await sleep(300);
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT count(*) AS n FROM \`${table}\``);
    expect(Number(rows[0]?.n)).toBe(1);
    expect(await store.findTokenById(saved.id)).toMatchObject({ version: 1 });
  });
});
