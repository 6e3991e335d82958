import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

const server = serverForFile(() => startRedis());

describeRefreshCoordination(
  'refresh coordination on Redis (4 OS processes × 25 callers, one redis-server)',
  () => ({ kind: 'redis', url: server().url }),
  { takeoverLeaseMs: 1_500 },
);
