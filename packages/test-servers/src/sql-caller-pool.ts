import { inspect } from 'node:util';
import type { TokenStore } from '@tokenstore/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SqlStore } from './sql-store.js';

/** What {@link describeSqlCallerPool} needs: the driver's pool, made and read by the test. */
export interface SqlCallerPool<Pool> extends SqlStore {
  /** A pool of the caller's on the test server with this many connections. */
  readonly createPool: (connections: number) => Pool;
  /** Ends a pool that `createPool` made. */
  readonly endPool: (pool: Pool) => Promise<void>;
  /** A store on the caller's `pool` with these options. */
  readonly openOn: (
    pool: Pool,
    options: { readonly table: string; readonly operationTimeoutMs?: number },
  ) => TokenStore;
  /** The rows of `SELECT 1 AS one` on `pool`. */
  readonly selectOne: (pool: Pool) => Promise<unknown>;
  /** What the store must leave as it was of the pool (ended or not, its error listeners). */
  readonly state: (pool: Pool) => Record<string, unknown>;
}

/**
 * Registers the test of a store on the caller's pool: closing the store leaves the pool open
 * and as it was (the store ends only pools it created, and adds no listeners to this one).
 */
export function describeSqlCallerPool<Pool>(sql: SqlCallerPool<Pool>): void {
  describe('caller-owned pool', () => {
    it('stays open after close(); the store never adds listeners to it', async () => {
      const callers = sql.createPool(2);
      onTestFinished(() => sql.endPool(callers));
      const before = sql.state(callers);
      const store = sql.openOn(callers, { table: sql.freshTable() });
      await store.saveToken({ accessToken: 'a' });
      await store.close();
      expect(sql.state(callers)).toEqual(before);
      expect(await sql.selectOne(callers)).toEqual([{ one: 1 }]);
      expect(inspect(store)).toContain('caller-owned pool');
    });
  });
}
