import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SqlStore, SqlStoreOptions } from './sql-store.js';
import { settledError, until, within } from './stall-waits.js';

/** How long close() may take once the stalled call has timed out (it used to wait for the lock). */
const CLOSE_BOUND_MS = 2_000;

/** A store of {@link SqlCloseWhileStalled.openWatched} and what the server runs of it. */
export interface WatchedStore {
  readonly store: TokenStore;
  /**
   * The ids (as the server lists them) of the store's statements the server runs: its UPDATE of
   * the table waiting for the lock, and a cancel of it (PostgreSQL: the non-idle connections
   * under the store's application_name; MySQL: threads running its UPDATE or a KILL QUERY).
   */
  readonly running: () => Promise<string[]>;
  /**
   * How many of the store's connections the server has open, `stalled` being the id that ran
   * its stalled UPDATE (PostgreSQL: every connection under the store's application_name;
   * MySQL: that one thread, the only one the test can name).
   */
  readonly connections: (stalled: string) => Promise<number>;
}

/** What {@link describeSqlCloseWhileStalled} needs beyond the store: the backend's own SQL. */
export interface SqlCloseWhileStalled extends SqlStore {
  /** What the store sends to stop a statement, for the titles (`cancel`, `kill`). */
  readonly stop: string;
  /**
   * Locks every row of `table` (`SELECT … FOR UPDATE` in a transaction) on a connection of the
   * test's own; resolves to the function that commits and gives the connection back.
   */
  readonly lockRows: (table: string) => Promise<() => Promise<void>>;
  /** A store with these options whose statements and connections the server can list. */
  readonly openWatched: (options: SqlStoreOptions) => WatchedStore;
  /**
   * Makes a role/user that may hold one connection (the pool's, none more for the cancel),
   * allowed to use `table`; resolves to the test server's URL with that user.
   */
  readonly oneConnectionUser: (table: string) => Promise<string>;
  /** The `version` column of every row of `table`, read on the test's own connection. */
  readonly versions: (table: string) => Promise<number[]>;
}

/**
 * Registers the tests of close() while a statement of the store waits for another
 * transaction's row lock: the store's timeout stops the statement on the server through a
 * connection outside the pool, so close() neither waits for the lock nor leaves the statement
 * behind to apply once the lock frees (after a timeout in a pool of one, during the stall, and
 * with a user that cannot open a connection for the cancel: then the statement is cut off).
 */
export function describeSqlCloseWhileStalled(sql: SqlCloseWhileStalled): void {
  /**
   * A store with a timeout of 300 ms on a fresh table holding one token, its set-up done; with
   * `limitedUser`, connected as a user that may hold one connection.
   */
  async function openStalledStore(poolSize: number, limitedUser: boolean) {
    const table = sql.freshTable();
    // The table is made without the timeout: set-up can take longer than 300 ms on a loaded
    // machine.
    const url = sql.server().url;
    const setup = sql.open({ url, table, poolSize: 2, operationTimeoutMs: 0 });
    await setup.saveToken({ userName: 'locked', accessToken: 'a1' });
    await setup.close();
    const watched = sql.openWatched({
      url: limitedUser ? await sql.oneConnectionUser(table) : url,
      table,
      poolSize,
      operationTimeoutMs: 300,
    });
    return { ...watched, table };
  }

  /**
   * The store of {@link openStalledStore} with its save (an UPDATE) waiting behind a row lock of
   * the test's: `saving` is what the save rejects with, `stalled` the id of its statement on the
   * server. When the test finishes, the lock is released (once), then the store closed.
   */
  async function stallSave(poolSize: number, limitedUser = false) {
    const watched = await openStalledStore(poolSize, limitedUser);
    let commit: (() => Promise<void>) | undefined;
    const unlock = async () => {
      const pending = commit;
      commit = undefined;
      await pending?.();
    };
    onTestFinished(async () => {
      await unlock();
      await watched.store.close();
    });
    // The timed store's set-up (one SELECT) is done here, so its call that times out is the UPDATE.
    expect(await watched.store.findToken({ userName: 'locked' })).toMatchObject({ version: 1 });
    commit = await sql.lockRows(watched.table);
    const saving = settledError(watched.store.saveToken({ userName: 'locked', accessToken: 'a2' }));
    // The id of the store's UPDATE once it waits for the lock (the one statement it runs).
    let running: string[] = [];
    await until(async () => {
      running = await watched.running();
      return running.length > 0;
    }, 2_000);
    expect(running).toHaveLength(1);
    return { ...watched, unlock, saving, stalled: running[0] as string };
  }

  /** Closes `store`, expecting it done within `ms`; logs how long it took, as `what`. */
  async function closeWithin(store: TokenStore, ms: number, what: string): Promise<void> {
    const started = performance.now();
    expect(await within(store.close(), ms)).toBeUndefined();
    console.log(`${sql.scheme}: ${what}: ${Math.round(performance.now() - started)} ms`);
  }

  /** After close: nothing of the store runs on the server, its connections go, the row is as it was. */
  async function expectNothingLeft(stalledSave: Awaited<ReturnType<typeof stallSave>>) {
    const { store, table, running, connections, stalled, unlock } = stalledSave;
    expect(await running()).toEqual([]);
    // Had the UPDATE gone on waiting, the COMMIT would let it write version 2.
    await unlock();
    await until(async () => (await connections(stalled)) === 0, 2_000);
    expect(await connections(stalled)).toBe(0);
    expect(await running()).toEqual([]);
    expect(await sql.versions(table)).toEqual([1]);
    const closed = await settledError(store.findToken({ userName: 'locked' }));
    expect(isTokenStoreError(closed, 'STORE_CLOSED')).toBe(true);
  }

  describe('close() while a statement waits for a row lock', () => {
    it(`after the call timed out in a pool of one (no connection for the ${sql.stop}): finishes at once, nothing left running`, async () => {
      const stalledSave = await stallSave(1);
      expect(isTokenStoreError(await stalledSave.saving, 'STORE_UNAVAILABLE')).toBe(true);
      await closeWithin(
        stalledSave.store,
        CLOSE_BOUND_MS,
        'close after a timed-out call, pool of 1',
      );
      await expectNothingLeft(stalledSave);
    });

    it(`before the call timed out (the ending pool refuses the ${sql.stop}): the timeout still stops it, close finishes`, async () => {
      const stalledSave = await stallSave(2);
      const closing = closeWithin(
        stalledSave.store,
        300 + CLOSE_BOUND_MS,
        'close during a stalled call, pool of 2',
      );
      expect(isTokenStoreError(await stalledSave.saving, 'STORE_UNAVAILABLE')).toBe(true);
      await closing;
      await expectNothingLeft(stalledSave);
    });

    it(`when the ${sql.stop} cannot connect (a user limited to one connection): the statement is cut off, close finishes`, async () => {
      const { store, saving, running, connections, stalled } = await stallSave(1, true);
      expect(isTokenStoreError(await saving, 'STORE_UNAVAILABLE')).toBe(true);
      // The stop fails at once; a second later the connection is closed under the statement.
      await closeWithin(
        store,
        1_000 + CLOSE_BOUND_MS,
        `close with no connection for the ${sql.stop}`,
      );
      // What is left: the server runs the statement on until the lock frees (it notices the
      // closed connection only then), which is why the stop has a connection of its own.
      expect(await running()).toEqual([stalled]);
      expect(await connections(stalled)).toBe(1);
    });
  });
}
