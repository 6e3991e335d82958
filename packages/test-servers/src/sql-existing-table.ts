import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeSqlMissingTable, everyCall } from './sql-missing-table.js';

/** What {@link describeSqlExistingTable} needs of a SQL store (PostgreSQL, MySQL, SQLite). */
export interface SqlExistingTable {
  /** The store's name in titles (`postgres`). */
  readonly name: string;
  /** A table name no other test uses. */
  readonly freshTable: () => string;
  /** A store on `table`, with a connection of its own (the suite closes it). */
  readonly open: (table: string) => TokenStore;
  /**
   * Runs one statement on the test's own connection (not the store's) and resolves to the
   * rows it returns (none for a statement that returns none).
   */
  readonly run: (sql: string) => Promise<Record<string, unknown>[]>;
  /** The identifier as it appears in SQL (`"t"`, `` `t` ``). */
  readonly quoted: (identifier: string) => string;
  /** The store's own DDL of a token table (its `createTableSql`). */
  readonly createTableSql: (table: string) => string;
}

/**
 * Registers the tests of a store set up on a table that already exists without a row in
 * `tokenstore_schema`: a table of the application's (other columns, rows) is refused with
 * `STORE_MISCONFIGURED` naming it, every call (`deleteTokens()` included) leaves its rows as they
 * were, and no schema row is written; the same for a token table holding rows whose schema row
 * is gone; an empty table of the store's own layout (what a MySQL set-up interrupted after its
 * auto-committing CREATE TABLE leaves) is adopted. Then the tests of the opposite case, a schema
 * row whose table is gone ({@link describeSqlMissingTable}).
 */
export function describeSqlExistingTable(sql: SqlExistingTable): void {
  const q = sql.quoted;
  const open = (table: string) => {
    const store = sql.open(table);
    onTestFinished(() => store.close());
    return store;
  };
  /** How many rows `tokenstore_schema` holds for `table`. */
  const schemaRows = async (table: string) =>
    Number(
      (
        await sql.run(
          `SELECT COUNT(*) AS n FROM ${q('tokenstore_schema')} WHERE table_name = '${table}'`,
        )
      )[0]?.n,
    );
  /** Sets another table up, so that `tokenstore_schema` exists, as in a database in use. */
  const setUpAnother = async () => {
    await open(sql.freshTable()).saveToken({ userName: 'other', accessToken: 'other' });
  };
  const expectRefused = (errors: unknown[], table: string) => {
    for (const error of errors) {
      expect(isTokenStoreError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', retryable: false });
      expect((error as Error).message).toContain(
        `table ${q(table)} exists but is not a token table`,
      );
    }
  };

  describe(`${sql.name}: a table that exists without a schema row`, () => {
    it("of the application's (other columns, rows): refused with STORE_MISCONFIGURED, its rows kept, no schema row written", async () => {
      await setUpAnother();
      const table = sql.freshTable();
      await sql.run(`CREATE TABLE ${q(table)} (id INTEGER PRIMARY KEY, email VARCHAR(255))`);
      await sql.run(
        `INSERT INTO ${q(table)} (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com')`,
      );
      const before = await sql.run(`SELECT id, email FROM ${q(table)} ORDER BY id`);
      expect(before).toHaveLength(3);
      const store = open(table);
      expectRefused(await everyCall(store), table);
      // Again, and from a second store: a refusal is not remembered as a set-up done.
      expectRefused(await everyCall(store), table);
      expectRefused(await everyCall(open(table)), table);
      expect(await sql.run(`SELECT id, email FROM ${q(table)} ORDER BY id`)).toEqual(before);
      expect(await schemaRows(table)).toBe(0);
    });

    it("an empty table of the application's: refused too, no schema row written", async () => {
      await setUpAnother();
      const table = sql.freshTable();
      await sql.run(`CREATE TABLE ${q(table)} (id INTEGER PRIMARY KEY, email VARCHAR(255))`);
      expectRefused(await everyCall(open(table)), table);
      expect(await sql.run(`SELECT id FROM ${q(table)}`)).toEqual([]);
      expect(await schemaRows(table)).toBe(0);
    });

    it('a token table holding rows whose schema row is gone: refused, its tokens kept', async () => {
      const table = sql.freshTable();
      const first = open(table);
      const saved = await first.saveToken({ userName: 'kept', accessToken: 'a' });
      await sql.run(`DELETE FROM ${q('tokenstore_schema')} WHERE table_name = '${table}'`);
      expectRefused(await everyCall(open(table)), table);
      expect(await sql.run(`SELECT version FROM ${q(table)}`)).toHaveLength(1);
      expect(await schemaRows(table)).toBe(0);
      // Recording the version again (what an operator does for a table that is the store's)
      // makes it readable as it was.
      await sql.run(
        `INSERT INTO ${q('tokenstore_schema')} (table_name, version) VALUES ('${table}', 1)`,
      );
      expect(await open(table).findToken({ userName: 'kept' })).toEqual(saved);
    });

    it("an empty table of the store's own layout (a set-up interrupted after CREATE TABLE): adopted", async () => {
      await setUpAnother();
      const table = sql.freshTable();
      await sql.run(sql.createTableSql(table));
      expect(await schemaRows(table)).toBe(0);
      const store = open(table);
      const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
      expect(await store.findToken({ userName: 'u' })).toEqual(saved);
      expect(await schemaRows(table)).toBe(1);
      expect(await open(table).getTokens()).toEqual([saved]);
      await store.deleteTokens();
      expect(await store.getTokens()).toEqual([]);
    });
  });

  describeSqlMissingTable(sql);
}
