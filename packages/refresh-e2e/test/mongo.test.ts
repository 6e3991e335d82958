import { startFerretDB } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';

const server = serverForFile(() => startFerretDB());

// FerretDB v1 lacks atomic conditional updates; the lease needs none (an insert decides who
// holds it, and a unique index makes inserts atomic on every server). The fence of the token
// save is a conditional update: MongoTokenStore's default write leases make it atomic there.
describeRefreshCoordination(
  'refresh coordination on MongoDB (FerretDB; 4 OS processes × 25 callers)',
  () => ({ kind: 'mongo', url: server().url }),
  { race: { paceMs: [50, 100] }, takeoverLeaseMs: 1_500 },
);
