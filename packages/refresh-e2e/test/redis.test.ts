import { type RedisServer, startRedis } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runKilledHolder } from '../src/killed-holder.ts';
import { runRefreshRace } from '../src/refresh-race.ts';
import type { StoreConfig } from '../src/store-config.ts';
import {
  expectOneRefreshPerExpiry,
  expectRevocation,
  expectTakeover,
} from './helpers/expectations.ts';

let server: RedisServer;
let backend: StoreConfig;

beforeAll(async () => {
  server = await startRedis();
  backend = { kind: 'redis', url: server.url };
});

afterAll(async () => {
  await server?.stop();
});

describe('refresh coordination on Redis (4 OS processes × 25 callers, one redis-server)', () => {
  it('refreshes exactly once per expiry, with no reuse, and hands out only valid tokens', async () => {
    expectOneRefreshPerExpiry(
      await runRefreshRace({ backend, mode: 'coordinated', processes: 4, callersPerProcess: 25 }),
    );
  });

  it('without coordination, the callers reuse a refresh token and get the grant revoked', async () => {
    expectRevocation(
      await runRefreshRace({ backend, mode: 'uncoordinated', processes: 4, callersPerProcess: 25 }),
    );
  });

  it('completes the refresh in another process after a lease holder is SIGKILLed mid-refresh', async () => {
    expectTakeover(await runKilledHolder(backend, 1_500));
  });
});
