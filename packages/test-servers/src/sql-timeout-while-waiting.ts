import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SqlCallerPool } from './sql-caller-pool.js';
import { settledError, sleep } from './stall-waits.js';

/** What {@link describeSqlTimeoutWhileWaiting} needs beyond a caller's pool. */
export interface SqlTimeoutWhileWaiting<Pool> extends SqlCallerPool<Pool> {
  /** Takes a connection of `pool`; resolves to its release. */
  readonly hold: (pool: Pool) => Promise<() => void>;
  /** The `version` column of every row of `table`, read on the test's own connection. */
  readonly versions: (table: string) => Promise<number[]>;
}

/**
 * Registers the test of a call that times out while it waits for a connection of a full pool:
 * it must not run its statement once it gets one. The caller was told STORE_UNAVAILABLE, so its
 * write must not apply later (its signal had aborted before the store listened for the abort).
 */
export function describeSqlTimeoutWhileWaiting<Pool>(sql: SqlTimeoutWhileWaiting<Pool>): void {
  describe('a call that timed out waiting for a connection', () => {
    it('does not run its statement when the connection comes', async () => {
      const table = sql.freshTable();
      // A pool of one that the test can fill: the caller's.
      const callers = sql.createPool(1);
      onTestFinished(() => sql.endPool(callers));
      // The table is made without the timeout: set-up can take longer than 300 ms on a loaded
      // machine. The timed store's set-up (one SELECT) is done by its first read, so that the
      // call that waits for the connection is the DELETE itself.
      const setup = sql.openOn(callers, { table, operationTimeoutMs: 0 });
      const saved = await setup.saveToken({ userName: 'kept', accessToken: 'a1' });
      await setup.close();
      const store = sql.openOn(callers, { table, operationTimeoutMs: 300 });
      onTestFinished(() => store.close());
      expect(await store.findTokenById(saved.id)).toMatchObject({ version: 1 });

      const release = await sql.hold(callers);
      try {
        const error = await settledError(store.deleteToken(saved.id));
        expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      } finally {
        release();
      }
      // Had the waiting DELETE run on the connection now given back, the token would be gone.
      await sleep(300);
      expect(await sql.versions(table)).toEqual([1]);
      expect(await store.findTokenById(saved.id)).toMatchObject({ version: 1 });
    });
  });
}
