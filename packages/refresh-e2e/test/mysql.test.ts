import { startMariaDb } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

const server = serverForFile(() => startMariaDb());

describeRefreshCoordination(
  'refresh coordination on MySQL (MariaDB; 4 OS processes × 25 callers, one server)',
  () => ({ kind: 'mysql', url: server().url }),
  { takeoverLeaseMs: 1_500 },
);
