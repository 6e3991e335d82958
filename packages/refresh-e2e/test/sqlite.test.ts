import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { runRefreshRace } from '../src/refresh-race.ts';
import type { StoreConfig } from '../src/store-config.ts';
import { describeRefreshCoordination } from './helpers/describe-refresh-coordination.ts';
import { expectOneRefreshPerExpiry, expectRevocation } from './helpers/expectations.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-refresh-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend: StoreConfig = { kind: 'sqlite', filename: join(dir, 'tokens.db') };

describeRefreshCoordination(
  'refresh coordination on SQLite (4 OS processes × 25 callers, one file)',
  () => backend,
  {
    takeoverLeaseMs: 1_500,
    extra: () => {
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
    },
  },
);
