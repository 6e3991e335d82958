import { describeSqlExistingTable } from '@tokenstore/test-servers/vitest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';
import { constraintNames, createTableSql } from '../src/schema.js';
import { quoted } from '../src/table-name.js';
import { useServer } from './helpers/server.js';

const { server, pool, sql } = await useServer();

describeSqlExistingTable({
  name: 'postgres',
  freshTable: sql.freshTable,
  open: (table) => new PostgresTokenStore({ url: server.url, table, poolOptions: { max: 2 } }),
  run: async (statement) => (await pool.query(statement)).rows,
  quoted,
  createTableSql,
});

describe('postgres: a table renamed away, its schema row deleted', () => {
  it('is refused with STORE_MISCONFIGURED naming the taken index names, and nothing is created', async () => {
    const table = sql.freshTable();
    const first = new PostgresTokenStore({ url: server.url, table, poolOptions: { max: 2 } });
    await first.saveToken({ userName: 'kept', accessToken: 'a' });
    await first.close();
    const moved = sql.freshTable();
    await pool.query(`ALTER TABLE ${quoted(table)} RENAME TO ${quoted(moved)}`);
    await pool.query('DELETE FROM tokenstore_schema WHERE table_name = $1', [table]);
    const store = new PostgresTokenStore({ url: server.url, table, poolOptions: { max: 2 } });
    onTestFinished(() => store.close());
    const error = await store.getTokens().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', retryable: false });
    expect((error as Error).message).toContain(`cannot create table ${quoted(table)}`);
    expect((error as Error).message).toContain(quoted(`${table}_pkey`));
    expect((await pool.query('SELECT to_regclass($1) AS found', [table])).rows).toEqual([
      { found: null },
    ]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM ${quoted(moved)}`)).rows).toEqual([
      { n: 1 },
    ]);
    // Once the old indexes are renamed, the same store creates the table.
    const names = Object.values(constraintNames(table));
    for (const name of names) {
      await pool.query(
        `ALTER INDEX ${quoted(name)} RENAME TO ${quoted(name.replace(table, moved))}`,
      );
    }
    expect(await store.getTokens()).toEqual([]);
  });
});
