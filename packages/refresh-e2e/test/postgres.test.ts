import { startPostgres } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

const server = serverForFile(() => startPostgres());

describeRefreshCoordination(
  'refresh coordination on PostgreSQL (4 OS processes × 25 callers, one server)',
  () => ({ kind: 'postgres', url: server().url }),
  { takeoverLeaseMs: 1_500 },
);
