import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runKilledHolder } from '../src/killed-holder.ts';
import { type RaceOptions, runRefreshRace } from '../src/refresh-race.ts';
import type { StoreConfig } from '../src/store-config.ts';
import {
  expectOneRefreshPerExpiry,
  expectRevocation,
  expectTakeover,
} from './helpers/expectations.ts';

let server: MotoServer;
let backend: StoreConfig;

beforeAll(async () => {
  server = await startMoto();
  backend = {
    kind: 'secrets-manager',
    endpoint: server.endpoint,
    region: server.region,
    credentials: { ...server.credentials },
  };
});

afterAll(async () => {
  await server?.stop();
});

// Every store call is one or more HTTP calls to moto (a Python server on one core): callers pause
// longer between calls and tokens live longer, so a run stays within what moto serves.
const slow: Partial<RaceOptions> = {
  paceMs: [300, 600],
  lifetimeMs: 4_000,
  minValidityMs: 1_500,
  targetGeneration: 3,
};

describe('refresh coordination on Secrets Manager (moto; 4 OS processes × 25 callers)', () => {
  it('refreshes exactly once per expiry, with no reuse, and hands out only valid tokens', async () => {
    expectOneRefreshPerExpiry(
      await runRefreshRace({
        backend,
        mode: 'coordinated',
        processes: 4,
        callersPerProcess: 25,
        ...slow,
      }),
      3,
    );
  });

  it('without coordination, the callers reuse a refresh token and get the grant revoked', async () => {
    expectRevocation(
      await runRefreshRace({
        backend,
        mode: 'uncoordinated',
        processes: 4,
        callersPerProcess: 25,
        ...slow,
      }),
    );
  });

  it('completes the refresh in another process after a lease holder is SIGKILLed mid-refresh', async () => {
    expectTakeover(await runKilledHolder(backend, 3_000));
  });
});
