import { describeSqlExistingTable } from '@tokenstore/test-servers/vitest';
import { MysqlTokenStore } from '../src/index.js';
import { createTableSql } from '../src/schema.js';
import { quoted } from '../src/table-name.js';
import { useServer } from './helpers/server.js';

const { server, pool, sql } = await useServer();

describeSqlExistingTable({
  name: 'mysql',
  freshTable: sql.freshTable,
  open: (table) =>
    new MysqlTokenStore({ url: server.url, table, poolOptions: { connectionLimit: 2 } }),
  run: async (statement) => {
    const [rows] = await pool.query(statement);
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  },
  quoted,
  createTableSql,
});
