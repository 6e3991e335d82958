import { inspect } from 'node:util';
import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { openSqlStore, type SqlStore } from './sql-store.js';

/** What {@link describeSqlDriverErrors} needs beyond the store: the backend's own SQL. */
export interface SqlDriverErrors extends SqlStore {
  /** Makes the server refuse every insert into `table` with an error quoting the row's data. */
  readonly refuseInsertsQuotingData: (table: string) => Promise<void>;
  /** An insert into `table` of a row whose data is `data`, on the raw driver (it must reject). */
  readonly rawInsert: (table: string, data: string) => Promise<unknown>;
  /** The adapter's driver error class, which the store's error has as its cause. */
  readonly driverError: abstract new (
    ...args: never[]
  ) => Error;
  /** The fields that cause has for the refused insert (the server's error code). */
  readonly refusedFields: Record<string, unknown>;
  /** Records schema `version` for `table` in tokenstore_schema (as a newer store would). */
  readonly markSchemaVersion: (table: string, version: number) => Promise<void>;
}

/** The error `work` rejects with, or `undefined` when it resolves. */
function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/**
 * Registers the driver-error tests of a SQL store: a server error reaches the caller as
 * `STORE_UNAVAILABLE` with the driver's error (no token value in it) as cause, a refused
 * connection names ECONNREFUSED but not the password, a newer schema version is
 * `STORE_MISCONFIGURED`, and a duplicate is `DUPLICATE_KEY` with the store left as it was.
 */
export function describeSqlDriverErrors(sql: SqlDriverErrors): void {
  describe('driver errors', () => {
    it('reach the caller as STORE_UNAVAILABLE with no token value in message, cause or util.inspect', async () => {
      const table = sql.freshTable();
      const store = openSqlStore(sql, { table });
      await store.saveToken({ userName: 'set-up', accessToken: 'creates the table' });
      await sql.refuseInsertsQuotingData(table);
      const secret = 'SECRET-refresh-9f2c';
      const error = await failure(
        store.saveToken({
          userName: 'u',
          refreshToken: secret,
          clientId: 'c',
          clientSecret: 'SECRET-cs',
        }),
      );
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      const cause = (error as Error).cause;
      expect(cause).toBeInstanceOf(sql.driverError);
      expect(cause).toMatchObject(sql.refusedFields);
      const shown = inspect(error, { depth: 10, showHidden: true });
      expect(shown).not.toContain('SECRET-');
      expect(JSON.stringify(cause)).not.toContain('SECRET-');

      // The raw driver error for the same statement does quote it: the check above can fail.
      const raw = await failure(sql.rawInsert(table, `{"refreshToken":"${secret}"}`));
      expect(inspect(raw, { depth: 10 })).toContain(secret);
    });

    it('a refused connection is STORE_UNAVAILABLE naming ECONNREFUSED, without the password', async () => {
      const store = openSqlStore(sql, {
        url: `${sql.scheme}://app:PASSWORD-x1@127.0.0.1:1/app`,
        connectTimeoutMs: 2_000,
      });
      const error = await failure(store.findTokenById('x'));
      expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
      expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
      expect(inspect(error, { depth: 10 })).not.toContain('PASSWORD-x1');
      expect(inspect(store)).toContain('127.0.0.1:1/app');
      expect(inspect(store)).not.toContain('PASSWORD-x1');
    });

    it('a table marked with a newer schema version is refused with STORE_MISCONFIGURED', async () => {
      const table = sql.freshTable();
      await openSqlStore(sql, { table }).saveToken({ accessToken: 'a' });
      await sql.markSchemaVersion(table, 2);
      const error = await failure(openSqlStore(sql, { table }).findTokenById('x'));
      expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', retryable: false });
      expect((error as Error).message).toMatch(/schema version 2.*reads 1/);
    });

    it('a duplicate is DUPLICATE_KEY, and the store is left as it was', async () => {
      const store = openSqlStore(sql);
      const first = await store.saveToken({ userName: 'one', accessToken: 'shared-at' });
      const second = await store.saveToken({ userName: 'two', accessToken: 'other' });
      await expect(
        store.saveToken({ id: second.id, accessToken: 'shared-at' }),
      ).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
      expect(await store.findTokenById(second.id)).toEqual(second);
      expect(await store.findToken({ accessToken: 'shared-at' })).toEqual(first);
    });
  });
}
