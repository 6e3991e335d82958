import { type RedisServer, startRedis } from '@tokenstore/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  await server?.stop();
});

describeRefreshCoordination(
  'refresh coordination on Redis (4 OS processes × 25 callers, one redis-server)',
  () => ({ kind: 'redis', url: server.url }),
  { takeoverLeaseMs: 1_500 },
);
