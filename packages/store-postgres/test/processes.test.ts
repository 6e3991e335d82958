import { describeSqlProcesses } from '@tokenstore/test-servers/vitest';
import { useServer } from './helpers/server.js';

const { pool, sql } = await useServer();

describeSqlProcesses({
  ...sql,
  urlVariable: 'TOKENSTORE_POSTGRES_URL',
  // Imports @tokenstore/store-postgres, the built package: build it before running this test.
  factory: new URL('./fixtures/store-factory.ts', import.meta.url),
  openAndSave: new URL('./fixtures/open-and-save.ts', import.meta.url),
  schemaVersions: async (table) =>
    (
      await pool.query('SELECT version FROM tokenstore_schema WHERE table_name = $1', [table])
    ).rows.map((row) => row.version),
  rowCount: async (table) =>
    (await pool.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n,
  // version is a bigint, which pg gives as a string.
  versionsOf: async (table, userName) =>
    (
      await pool.query(`SELECT version FROM "${table}" WHERE data::jsonb->>'userName' = $1`, [
        userName,
      ])
    ).rows.map((row) => Number(row.version)),
});
