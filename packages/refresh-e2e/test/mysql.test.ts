import { type MariaDbServer, startMariaDb } from '@tokenstore/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

let server: MariaDbServer;

beforeAll(async () => {
  server = await startMariaDb();
});

afterAll(async () => {
  await server?.stop();
});

describeRefreshCoordination(
  'refresh coordination on MySQL (MariaDB; 4 OS processes × 25 callers, one server)',
  () => ({ kind: 'mysql', url: server.url }),
  { takeoverLeaseMs: 1_500 },
);
