import { startPostgres } from '@tokenstore/test-servers';
import { describePing } from '@tokenstore/test-servers/vitest';
import { PostgresTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

describePing({
  name: 'PostgreSQL',
  envVar: 'POSTGRES_URL',
  start: () => startPostgres(),
  open: (url) => new PostgresTokenStore({ url, table: freshTable() }),
});
