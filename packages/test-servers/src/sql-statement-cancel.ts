import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { openSqlStore, type SqlStore } from './sql-store.js';

/** What {@link describeSqlStatementCancel} needs beyond the store: the backend's own SQL. */
export interface SqlStatementCancel extends SqlStore {
  /** How the store stops a statement on the server, for the title (`pg_cancel_backend`). */
  readonly cancelledBy: string;
  /**
   * Locks every row of `table` (`SELECT … FOR UPDATE` in a transaction) on a connection of the
   * test's own; resolves to the function that commits and gives the connection back.
   */
  readonly lockRows: (table: string) => Promise<() => Promise<void>>;
  /** How many of the store's UPDATEs of `table` the server still runs (waiting for the lock). */
  readonly waitingUpdates: (table: string) => Promise<number>;
}

/**
 * Registers the test of a statement that outlives `operationTimeoutMs`: an UPDATE waiting
 * behind a row lock is stopped on the server (not left to apply once the lock is released),
 * the call rejects with `STORE_UNAVAILABLE`, and the pool is usable afterwards.
 */
export function describeSqlStatementCancel(sql: SqlStatementCancel): void {
  describe('a statement that outlives operationTimeoutMs', () => {
    it(`is stopped on the server (${sql.cancelledBy}): an update waiting for a row lock does not apply later`, async () => {
      const table = sql.freshTable();
      // The table is made by a store without the timeout: creating it can take longer than
      // 300 ms on a loaded machine (a run at load 22 timed out there). The read below opens
      // the timed store, so that its timed-out call is the UPDATE.
      const saved = await openSqlStore(sql, { table }).saveToken({
        userName: 'locked',
        accessToken: 'a1',
      });
      const store = openSqlStore(sql, { table, operationTimeoutMs: 300 });
      expect(await store.findTokenById(saved.id)).toEqual(saved);

      const unlock = await sql.lockRows(table);
      try {
        const error = await store.saveToken({ userName: 'locked', accessToken: 'a2' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
        // The store's UPDATE no longer waits behind the lock once the cancel has reached it.
        const until = Date.now() + 5_000;
        while ((await sql.waitingUpdates(table)) > 0 && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(await sql.waitingUpdates(table)).toBe(0);
      } finally {
        await unlock();
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
}
