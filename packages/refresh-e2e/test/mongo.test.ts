import { type MongoServer, startFerretDB } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runKilledHolder } from '../src/killed-holder.ts';
import { runRefreshRace } from '../src/refresh-race.ts';
import type { StoreConfig } from '../src/store-config.ts';
import {
  expectOneRefreshPerExpiry,
  expectRevocation,
  expectTakeover,
} from './helpers/expectations.ts';

let server: MongoServer;
let backend: StoreConfig;

beforeAll(async () => {
  server = await startFerretDB();
  backend = { kind: 'mongo', url: server.url };
});

afterAll(async () => {
  await server?.stop();
});

// FerretDB v1 lacks atomic conditional updates; the lease needs none (an insert decides who
// holds it, and a unique index makes inserts atomic on every server). The fence of the token
// save is a conditional update: MongoTokenStore's default write leases make it atomic there.
describe('refresh coordination on MongoDB (FerretDB; 4 OS processes × 25 callers)', () => {
  it('refreshes exactly once per expiry, with no reuse, and hands out only valid tokens', async () => {
    expectOneRefreshPerExpiry(
      await runRefreshRace({
        backend,
        mode: 'coordinated',
        processes: 4,
        callersPerProcess: 25,
        paceMs: [50, 100],
      }),
    );
  });

  it('without coordination, the callers reuse a refresh token and get the grant revoked', async () => {
    expectRevocation(
      await runRefreshRace({
        backend,
        mode: 'uncoordinated',
        processes: 4,
        callersPerProcess: 25,
        paceMs: [50, 100],
      }),
    );
  });

  it('completes the refresh in another process after a lease holder is SIGKILLed mid-refresh', async () => {
    expectTakeover(await runKilledHolder(backend, 1_500));
  });
});
