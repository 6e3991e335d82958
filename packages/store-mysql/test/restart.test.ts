import { startMariaDb } from '@tokenstore/test-servers';
import { describeServerRestarts } from '@tokenstore/test-servers/vitest';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

describeServerRestarts({
  label: 'mysql',
  envVar: 'MYSQL_URL',
  start: () => startMariaDb(),
  open: (url) => new MysqlTokenStore({ url, table: freshTable() }),
});
