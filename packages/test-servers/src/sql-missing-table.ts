import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { shownAnywhere } from './operator-errors.js';
import type { SqlExistingTable } from './sql-existing-table.js';

/** The operations of a store, each called once; resolves to what each rejected with. */
export async function everyCall(store: TokenStore): Promise<unknown[]> {
  const calls: (() => Promise<unknown>)[] = [
    () => store.findToken({ userName: 'x' }),
    () => store.findTokenById('1'),
    () => store.saveToken({ userName: 'x', accessToken: 'a' }),
    () => store.getTokens(),
    () => store.deleteToken('1'),
    () => store.deleteTokens(),
  ];
  const errors: unknown[] = [];
  for (const call of calls)
    errors.push(
      await call().then(
        () => 'resolved',
        (error) => error,
      ),
    );
  return errors;
}

/**
 * Registers the tests of a store set up on a table that `tokenstore_schema` records but that is
 * gone (dropped, or renamed): every call of a new store is refused with `STORE_MISCONFIGURED`
 * naming the table, nothing is created or written (the schema row stays, no table appears), a
 * renamed table's rows stay as they were, and the refusal is not remembered: once the table is
 * back (renamed back), or its row deleted (the operator starts afresh), the same store works.
 * Then a table dropped or renamed under a store already set up on it: its calls fail with
 * `STORE_MISCONFIGURED` (not a retryable `STORE_UNAVAILABLE`) naming the table, no secret in
 * the error, and work again once the table is back.
 * Run by {@link describeSqlExistingTable} for every SQL store.
 */
export function describeSqlMissingTable(sql: SqlExistingTable): void {
  const q = sql.quoted;
  const open = (table: string) => {
    const store = sql.open(table);
    onTestFinished(() => store.close());
    return store;
  };
  /** The versions `tokenstore_schema` records for `table`. */
  const schemaRows = async (table: string) =>
    (
      await sql.run(`SELECT version FROM ${q('tokenstore_schema')} WHERE table_name = '${table}'`)
    ).map((row) => Number(row.version));
  /** Whether a store's own statement finds the table: what the server says of a SELECT. */
  const tableThere = (table: string) =>
    sql.run(`SELECT 1 FROM ${q(table)} LIMIT 1`).then(
      () => true,
      () => false,
    );
  const expectRefused = (errors: unknown[], table: string) => {
    for (const error of errors) {
      expect(isTokenStoreError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', retryable: false });
      expect((error as Error).message).toContain(`table ${q(table)} is missing`);
      expect((error as Error).message).toContain('delete its row from tokenstore_schema');
    }
  };
  /** A table set up by a store, holding one token; the store is closed. */
  const setUp = async () => {
    const table = sql.freshTable();
    const first = sql.open(table);
    const saved = await first.saveToken({ userName: 'kept', accessToken: 'a' });
    await first.close();
    return { table, saved };
  };

  describe(`${sql.name}: a schema row whose table is gone`, () => {
    it('dropped: every call refused with STORE_MISCONFIGURED naming the table, nothing created, the row kept', async () => {
      const { table } = await setUp();
      await sql.run(`DROP TABLE ${q(table)}`);
      const store = open(table);
      expectRefused(await everyCall(store), table);
      // Again, and from a second store: a refusal is not remembered as a set-up done.
      expectRefused(await everyCall(store), table);
      expectRefused(await everyCall(open(table)), table);
      expect(await tableThere(table)).toBe(false);
      expect(await schemaRows(table)).toEqual([1]);
      // The operator starts afresh: the same store then creates the table, empty, and works.
      await sql.run(`DELETE FROM ${q('tokenstore_schema')} WHERE table_name = '${table}'`);
      expect(await store.getTokens()).toEqual([]);
      const saved = await store.saveToken({ userName: 'new', accessToken: 'b' });
      expect(await open(table).findToken({ userName: 'new' })).toEqual(saved);
      expect(await schemaRows(table)).toEqual([1]);
    });

    it('renamed: refused, the renamed table and its tokens untouched; renamed back, read as they were', async () => {
      const { table, saved } = await setUp();
      const moved = sql.freshTable();
      await sql.run(`ALTER TABLE ${q(table)} RENAME TO ${q(moved)}`);
      const store = open(table);
      expectRefused(await everyCall(store), table);
      expect(await tableThere(table)).toBe(false);
      expect(await sql.run(`SELECT version FROM ${q(moved)}`)).toHaveLength(1);
      expect(await schemaRows(table)).toEqual([1]);
      expect(await schemaRows(moved)).toEqual([]);
      await sql.run(`ALTER TABLE ${q(moved)} RENAME TO ${q(table)}`);
      expect(await store.findToken({ userName: 'kept' })).toEqual(saved);
      expect(await store.getTokens()).toEqual([saved]);
    });

    it('dropped while the schema table holds the rows of other tables: only that table is refused', async () => {
      const other = await setUp();
      const { table } = await setUp();
      await sql.run(`DROP TABLE ${q(table)}`);
      expectRefused(await everyCall(open(table)), table);
      expect(await open(other.table).findToken({ userName: 'kept' })).toEqual(other.saved);
    });
  });

  describe(`${sql.name}: a table gone under a store already set up on it`, () => {
    const tag = Math.random().toString(36).slice(2);
    const token = {
      userName: `u-${tag}`,
      clientId: 'c',
      clientSecret: `cs-secret-${tag}`,
      refreshToken: `rt-secret-${tag}`,
      accessToken: `at-secret-${tag}`,
    };
    const secrets = [token.clientSecret, token.refreshToken, token.accessToken];
    /** A store that has set its table up, saved `token` and read it back. */
    const inUse = async () => {
      const table = sql.freshTable();
      const store = open(table);
      const saved = await store.saveToken(token);
      expect(await store.findToken({ accessToken: token.accessToken })).toEqual(saved);
      return { table, store, saved };
    };
    /** Every call, and a save and a find of `token`'s secrets, each refused as misconfigured. */
    const expectMisconfigured = async (store: TokenStore, table: string) => {
      const errors = [
        ...(await everyCall(store)),
        await store.saveToken(token).catch((error: unknown) => error),
        await store.findToken({ ...token, userName: undefined }).catch((e: unknown) => e),
      ];
      for (const error of errors) {
        expect(isTokenStoreError(error), String(error)).toBe(true);
        expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', retryable: false });
        expect((error as Error).message).toContain(`table ${q(table)} is missing`);
        const shown = shownAnywhere(error);
        for (const secret of secrets) expect(shown).not.toContain(secret);
      }
    };

    it('dropped from another connection: every call is STORE_MISCONFIGURED naming the table, no secret in it', async () => {
      const { table, store } = await inUse();
      await sql.run(`DROP TABLE ${q(table)}`);
      await expectMisconfigured(store, table);
    });

    it('renamed away: STORE_MISCONFIGURED; renamed back: the same store reads its token again', async () => {
      const { table, store, saved } = await inUse();
      const moved = sql.freshTable();
      await sql.run(`ALTER TABLE ${q(table)} RENAME TO ${q(moved)}`);
      await expectMisconfigured(store, table);
      await sql.run(`ALTER TABLE ${q(moved)} RENAME TO ${q(table)}`);
      expect(await store.findToken({ accessToken: token.accessToken })).toEqual(saved);
    });
  });
}
