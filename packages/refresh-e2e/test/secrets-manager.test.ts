import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

let server: MotoServer;

beforeAll(async () => {
  server = await startMoto();
});

afterAll(async () => {
  await server?.stop();
});

// Every store call is one or more HTTP calls to moto (a Python server on one core): callers pause
// longer between calls and tokens live longer, so a run stays within what moto serves.
describeRefreshCoordination(
  'refresh coordination on Secrets Manager (moto; 4 OS processes × 25 callers)',
  () => ({
    kind: 'secrets-manager',
    endpoint: server.endpoint,
    region: server.region,
    credentials: { ...server.credentials },
  }),
  {
    race: { paceMs: [300, 600], lifetimeMs: 4_000, minValidityMs: 1_500, targetGeneration: 3 },
    takeoverLeaseMs: 3_000,
  },
);
