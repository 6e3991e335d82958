import { describe, it } from 'vitest';
import { runRefreshRace } from '../src/refresh-race.ts';
import { expectOneRefreshPerExpiry, expectRevocation } from './helpers/expectations.ts';

// The memory store keeps data in one process: its "processes" are store objects on one
// database, each with its own in-flight refreshes, meeting only in the shared data.
describe('refresh coordination on the memory store (4 simulated processes × 25 callers)', () => {
  it('refreshes exactly once per expiry, with no reuse, and hands out only valid tokens', async () => {
    const result = await runRefreshRace({
      backend: 'memory',
      mode: 'coordinated',
      processes: 4,
      callersPerProcess: 25,
    });
    expectOneRefreshPerExpiry(result);
  });

  it('with leases in the token store itself, too', async () => {
    const result = await runRefreshRace({
      backend: 'memory',
      mode: 'coordinated',
      processes: 4,
      callersPerProcess: 25,
      sameStore: true,
    });
    expectOneRefreshPerExpiry(result);
  });

  it('without coordination, the same callers reuse a refresh token and get the grant revoked', async () => {
    const result = await runRefreshRace({
      backend: 'memory',
      mode: 'uncoordinated',
      processes: 4,
      callersPerProcess: 25,
    });
    expectRevocation(result);
  });
});
