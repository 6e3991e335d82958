import { describeSqlStoredRows, openSqlStore } from '@tokenstore/test-servers/vitest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';
import { PostgresBackend } from '../src/postgres-backend.js';
import { statementsFor } from '../src/statements.js';
import { useServer } from './helpers/server.js';

const { server, pool, sql } = await useServer();

describeSqlStoredRows({
  ...sql,
  rows: async (table) => (await pool.query(`SELECT * FROM "${table}"`)).rows,
  // The WAL and heap files too, once the checkpoint has written them.
  flush: async () => {
    await pool.query('CHECKPOINT');
  },
  backend: (table) => new PostgresBackend({ pool, table, owned: false, where: 'test' }),
});

describe('prepared statements', () => {
  it('are named per SQL text on the server, and can be turned off', async () => {
    const table = sql.freshTable();
    const prepared = openSqlStore(sql, { table });
    const saved = await prepared.saveToken({ userName: 'p', accessToken: 'a' });
    const unprepared = new PostgresTokenStore({
      url: server.url,
      table,
      preparedStatements: false,
      poolOptions: { max: 1 },
    });
    onTestFinished(() => unprepared.close());
    expect(await unprepared.findTokenById(saved.id)).toEqual(saved);
    expect(
      () => new PostgresTokenStore({ url: server.url, preparedStatements: 1 as never }),
    ).toThrow(TypeError);
  });
});

describe('EXPLAIN', () => {
  /** The plan nodes of an EXPLAIN (FORMAT JSON), flattened. */
  function nodes(plan: Record<string, unknown>): Record<string, unknown>[] {
    const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
    return [plan, ...children.flatMap(nodes)];
  }

  it('every keyed statement is an index scan on its own index, with 5000 rows and fresh statistics', async () => {
    const table = sql.freshTable();
    const store = openSqlStore(sql, { table });
    await store.saveToken({ userName: 'set-up', accessToken: 'the schema' });
    await pool.query(
      `INSERT INTO "${table}" (id, version, user_key, access_key, refresh_key, grant_key, data)
       SELECT decode(md5(i::text), 'hex'), 1, md5('u' || i), md5('a' || i), md5('r' || i), md5('g' || i), '{}'
       FROM generate_series(1, 5000) AS i`,
    );
    await pool.query(`ANALYZE "${table}"`);
    const statements = statementsFor(table);
    const id = Buffer.from('some id');
    const keyed: [string, string, unknown[]][] = [
      ['get', statements.get, [id]],
      ['find userName', statements.findByKey.userName, ['d']],
      ['find accessToken', statements.findByKey.accessToken, ['d']],
      ['find refreshToken', statements.findByKey.refreshToken, ['d']],
      ['find grantToken', statements.findByKey.grantToken, ['d']],
      // The compare-and-set of a record holding every kind of key.
      [
        'replace',
        statements.replace.at(-1) ?? '',
        [2, 'u', 'a', 'r', 'g', '{}', id, 1, 'u', 'a', 'r', 'g', '{}'],
      ],
      ['delete', statements.delete, [id]],
      ['next page', statements.nextPage, [id, 100]],
    ];
    const expectedIndex: Record<string, string | string[]> = {
      get: `${table}_pkey`,
      'find userName': `${table}_user_key`,
      'find accessToken': `${table}_access_key`,
      'find refreshToken': `${table}_refresh_key`,
      'find grantToken': `${table}_grant_key`,
      // Every column of its WHERE has a unique index: the planner may take any of them.
      replace: [
        `${table}_pkey`,
        ...['user', 'access', 'refresh', 'grant'].map((k) => `${table}_${k}_key`),
      ],
      delete: `${table}_pkey`,
      'next page': `${table}_pkey`,
    };
    const report: string[] = [];
    for (const [name, statement, values] of keyed) {
      const { rows } = await pool.query(`EXPLAIN (FORMAT JSON) ${statement}`, values);
      const plan = rows[0]['QUERY PLAN'][0].Plan as Record<string, unknown>;
      const all = nodes(plan);
      const scan = all.find((node) => typeof node['Index Name'] === 'string');
      report.push(`${name}: ${scan?.['Node Type']} using ${scan?.['Index Name']}`);
      expect(
        all.some((node) => node['Node Type'] === 'Seq Scan'),
        name,
      ).toBe(false);
      expect([expectedIndex[name]].flat(), name).toContain(scan?.['Index Name']);
    }
    console.info(`postgres EXPLAIN:\n  ${report.join('\n  ')}`);
  });
});
