import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runKilledHolder } from '../src/killed-holder.ts';
import { runRefreshRace } from '../src/refresh-race.ts';
import type { StoreConfig } from '../src/store-config.ts';
import {
  expectOneRefreshPerExpiry,
  expectRevocation,
  expectTakeover,
} from './helpers/expectations.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-refresh-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend: StoreConfig = { kind: 'sqlite', filename: join(dir, 'tokens.db') };

describe('refresh coordination on SQLite (4 OS processes × 25 callers, one file)', () => {
  it('refreshes exactly once per expiry, with no reuse, and hands out only valid tokens', async () => {
    expectOneRefreshPerExpiry(
      await runRefreshRace({ backend, mode: 'coordinated', processes: 4, callersPerProcess: 25 }),
    );
  });

  it('with leases in the token store itself, too', async () => {
    expectOneRefreshPerExpiry(
      await runRefreshRace({
        backend,
        mode: 'coordinated',
        processes: 4,
        callersPerProcess: 25,
        sameStore: true,
      }),
    );
  });

  it('without coordination, the callers reuse a refresh token and get the grant revoked', async () => {
    expectRevocation(
      await runRefreshRace({ backend, mode: 'uncoordinated', processes: 4, callersPerProcess: 25 }),
    );
  });

  it('with single-flight inside each process only, the processes still reuse a refresh token', async () => {
    expectRevocation(
      await runRefreshRace({
        backend,
        mode: 'single-flight-only',
        processes: 4,
        callersPerProcess: 25,
      }),
    );
  });

  it('completes the refresh in another process after a lease holder is SIGKILLed mid-refresh', async () => {
    expectTakeover(await runKilledHolder(backend, 1_500));
  });
});
