import { describeSqlProcesses } from '@tokenstore/test-servers/vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { useServer } from './helpers/server.js';

const { pool, sql } = await useServer();

describeSqlProcesses({
  ...sql,
  urlVariable: 'TOKENSTORE_MYSQL_URL',
  // Imports @tokenstore/store-mysql, the built package: build it before running this test.
  factory: new URL('./fixtures/store-factory.ts', import.meta.url),
  openAndSave: new URL('./fixtures/open-and-save.ts', import.meta.url),
  schemaVersions: async (table) => {
    const [rows] = await pool.execute<RowDataPacket[]>(
      'SELECT version FROM tokenstore_schema WHERE table_name = ?',
      [Buffer.from(table)],
    );
    return rows.map((row) => row.version);
  },
  rowCount: async (table) => {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT count(*) AS n FROM \`${table}\``);
    return Number(rows[0]?.n);
  },
  versionsOf: async (table, userName) => {
    const [rows] = await pool.execute<RowDataPacket[]>(
      `SELECT version FROM \`${table}\` WHERE JSON_VALUE(CAST(data AS CHAR), '$.userName') = ?`,
      [userName],
    );
    return rows.map((row) => row.version);
  },
});
