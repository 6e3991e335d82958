import { startMariaDb } from '@tokenstore/test-servers';
import { describePing } from '@tokenstore/test-servers/vitest';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

describePing({
  name: 'MariaDB',
  envVar: 'MYSQL_URL',
  start: () => startMariaDb(),
  open: (url) => new MysqlTokenStore({ url, table: freshTable() }),
});
