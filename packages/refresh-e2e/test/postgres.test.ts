import { type PostgresServer, startPostgres } from '@tokenstore/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop();
});

describeRefreshCoordination(
  'refresh coordination on PostgreSQL (4 OS processes × 25 callers, one server)',
  () => ({ kind: 'postgres', url: server.url }),
  { takeoverLeaseMs: 1_500 },
);
