import { describe, it } from 'vitest';
import { runKilledHolder } from '../../src/killed-holder.ts';
import { type RaceOptions, runRefreshRace } from '../../src/refresh-race.ts';
import type { StoreConfig } from '../../src/store-config.ts';
import { runSweptLease } from '../../src/swept-lease.ts';
import {
  expectOneRefreshPerExpiry,
  expectRevocation,
  expectSwept,
  expectTakeover,
} from './expectations.ts';

/** How one server-backed store runs the refresh cases. */
export interface RefreshCoordinationOptions {
  /** Pacing and lifetimes for a slow backend; the defaults suit local servers. */
  race?: Partial<RaceOptions>;
  /** The lease length of the killed-holder case. */
  takeoverLeaseMs: number;
  /** Extra cases of this store, registered in the same describe. */
  extra?: (backend: () => StoreConfig) => void;
}

/**
 * The refresh cases every server-backed store runs with 4 OS processes × 25 callers: one
 * refresh per expiry with coordination, a revoked grant without it (so the test can fail), and
 * a SIGKILLed lease holder taken over. `backend()` is read inside the tests, after `beforeAll`.
 */
export function describeRefreshCoordination(
  title: string,
  backend: () => StoreConfig,
  options: RefreshCoordinationOptions,
): void {
  const race = (mode: RaceOptions['mode']) =>
    runRefreshRace({
      backend: backend(),
      mode,
      processes: 4,
      callersPerProcess: 25,
      ...options.race,
    });

  describe(title, () => {
    it('refreshes exactly once per expiry, with no reuse, and hands out only valid tokens', async () => {
      expectOneRefreshPerExpiry(await race('coordinated'), options.race?.targetGeneration);
    });

    it('without coordination, the callers reuse a refresh token and get the grant revoked', async () => {
      expectRevocation(await race('uncoordinated'));
    });

    it('completes the refresh in another process after a lease holder is SIGKILLed mid-refresh', async () => {
      expectTakeover(await runKilledHolder(backend(), options.takeoverLeaseMs));
    });

    it('sweeps the lease of a SIGKILLed holder once it expires, with no call from anyone, and leaves a live lease', async () => {
      expectSwept(await runSweptLease(backend(), options.takeoverLeaseMs, 500));
    });

    options.extra?.(backend);
  });
}
