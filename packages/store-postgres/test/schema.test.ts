import { describeSqlExistingTable } from '@tokenstore/test-servers/vitest';
import { PostgresTokenStore } from '../src/index.js';
import { createTableSql } from '../src/schema.js';
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
