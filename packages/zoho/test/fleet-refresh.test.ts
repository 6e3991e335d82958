import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  type MongoServer,
  type MotoServer,
  type RedisServer,
  startFerretDB,
  startMoto,
  startRedis,
} from '@tokenstore/test-servers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeZoho } from './helpers/fake-zoho.js';
import { Fleet, type FleetResult, type FleetStoreConfig } from './helpers/fleet.js';
import { CLIENT_ID, CLIENT_SECRET, EMAIL, GRANT_TOKEN, ZGID } from './helpers/flow-context.js';
import { tempDir } from './helpers/temp-dir.js';

// A fleet of OS processes running both real SDKs (two of each, two concurrent callers per
// process; fresh processes for every run, as real application starts) on one store, starting
// together on one fresh grant token, then expiries (two, or one for a comparison run) of the
// shared access token. Counts what reaches the fake accounts server: with the bridge
// coordinating, one code exchange and one refresh per expiry; without, what the SDK does (one
// per caller that saw the token expiring); and the SDK's own FileStore for comparison.
const FLEET_TIMEOUT_MS = 90_000;
const MIXED = ['typescript', 'nodejs', 'typescript', 'nodejs'] as const;
const CALLERS = 2;
const ROUNDS = 2;
// The comparison runs (the SDK on its own, its FileStore) show their failure at the first expiry
// (more than one refresh per expiry is asserted per round): one expiry each, which saves CI the
// 3.5 s wait for a second one in six runs. The coordinated runs keep two: one refresh per expiry,
// again after a refresh.
const COMPARISON_ROUNDS = 1;

const dir = tempDir();
let redis: RedisServer | undefined;
let mongo: MongoServer | undefined;
let moto: MotoServer | undefined;
let zoho: FakeZoho;
const results: string[] = [];

beforeAll(async () => {
  [redis, mongo, moto] = await Promise.all([startRedis(), startFerretDB(), startMoto()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), mongo?.stop(), moto?.stop()]);
  // The numbers of every run, for the issue note (vitest prints console output).
  console.log(`fleet token requests:\n${results.join('\n')}`);
});
beforeEach(async () => {
  zoho = await FakeZoho.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    grantTokens: [GRANT_TOKEN],
    email: EMAIL,
    zgid: ZGID,
  });
});
afterEach(async () => {
  await zoho.stop();
});

function need<T>(server: T | undefined): T {
  if (server === undefined) throw new Error('the test servers did not start (see beforeAll)');
  return server;
}

// Starting 4 SDK processes takes many seconds of waiting (little CPU): the next mixed fleet
// starts while the current one runs, so the two overlap.
const MIXED_RUNS = 8;
let mixedStarted = 0;
let warm: Promise<Fleet> | undefined;
function startMixed(): Promise<Fleet> | undefined {
  if (mixedStarted >= MIXED_RUNS) return undefined;
  mixedStarted++;
  const fleet = Fleet.start(MIXED, CALLERS);
  fleet.catch(() => {});
  return fleet;
}
afterAll(async () => {
  (await warm?.catch(() => undefined))?.kill();
});

/** Runs `plan` on a fleet of fresh processes of `sdks`, and stops it. */
async function runFleet(
  sdks: readonly ('typescript' | 'nodejs')[],
  plan: Parameters<Fleet['run']>[1],
): Promise<FleetResult> {
  let starting: Promise<Fleet> | undefined;
  if (sdks === MIXED) {
    starting = warm ?? startMixed();
    warm = startMixed();
  }
  const fleet = await (starting ?? Fleet.start(sdks, CALLERS));
  try {
    return await fleet.run(zoho, plan);
  } finally {
    await fleet.stop().catch(() => fleet.kill());
  }
}

const namespace = () => `zoho_${randomUUID().replaceAll('-', '')}`;

const stores: Record<string, () => FleetStoreConfig> = {
  SQLite: () => ({ kind: 'sqlite', filename: join(dir, `${namespace()}.db`) }),
  Redis: () => ({ kind: 'redis', url: need(redis).url, prefix: `${namespace()}:` }),
  'MongoDB (FerretDB)': () => ({ kind: 'mongo', url: need(mongo).url, collection: namespace() }),
  'Secrets Manager (moto)': () => {
    const server = need(moto);
    return {
      kind: 'secrets-manager',
      endpoint: server.endpoint,
      region: server.region,
      prefix: `${namespace()}/`,
      credentials: { ...server.credentials },
    };
  },
};

function record(label: string, sdks: readonly string[], result: FleetResult): void {
  results.push(
    `${label}: ${sdks.length} processes (${sdks.join(', ')}) × ${CALLERS} callers: ` +
      `${result.exchanges} code exchanges (${result.failedStarts} starts refused), ` +
      `refreshes per expiry ${result.refreshesPerRound.join(', ')}; ` +
      `${result.statuses.filter((status) => status === 200).length}/${result.statuses.length} calls served; ` +
      `ms ${JSON.stringify(result.phasesMs)}` +
      (result.errors.length === 0
        ? ''
        : `; SDK errors: ${[...new Set(result.errors)].join(' | ')}`),
  );
}

describe.each(Object.entries(stores))('a fleet of both SDKs on %s', (name, store) => {
  it(
    'with the bridge coordinating: one code exchange, one refresh per expiry, every call served',
    async () => {
      const result = await runFleet(MIXED, {
        rounds: ROUNDS,
        store: store(),
        coordinate: true,
        dir,
      });
      record(`${name}, coordinated`, MIXED, result);
      expect(result.exchanges).toBe(1);
      expect(result.failedStarts).toBe(0);
      expect(result.refreshesPerRound).toEqual([1, 1]);
      expect(result.statuses).toEqual(Array(MIXED.length * CALLERS * ROUNDS).fill(200));
    },
    FLEET_TIMEOUT_MS,
  );

  it(
    'with coordinateRefresh: false (what the SDK does): several exchanges of one grant, several refreshes per expiry',
    async () => {
      const result = await runFleet(MIXED, {
        rounds: COMPARISON_ROUNDS,
        store: store(),
        coordinate: false,
        dir,
      });
      record(`${name}, coordinateRefresh false`, MIXED, result);
      // Every process that finds nothing stored exchanges the grant token it was configured
      // with (all of them: the fake answers once all have asked); Zoho honours one, the others
      // fail to start.
      expect(result.exchanges).toBe(MIXED.length);
      expect(result.failedStarts).toBe(result.exchanges - 1);
      // Every caller that sees the token expiring refreshes it: more than one per expiry.
      expect(result.refreshesPerRound).toHaveLength(COMPARISON_ROUNDS);
      for (const refreshes of result.refreshesPerRound) expect(refreshes).toBeGreaterThan(1);
    },
    FLEET_TIMEOUT_MS,
  );
});

describe.each(['typescript', 'nodejs'] as const)("the %s SDK's own FileStore", (sdk) => {
  it(
    'for comparison: an exchange per starting process, and refreshes as the SDK makes them',
    async () => {
      const sdks = MIXED.filter((entry) => entry === sdk);
      const result = await runFleet(sdks, {
        rounds: COMPARISON_ROUNDS,
        store: { kind: 'filestore', filename: join(dir, `${namespace()}.csv`) },
        coordinate: false,
        dir,
      });
      record(`FileStore (${sdk} SDK)`, sdks, result);
      expect(result.exchanges).toBe(sdks.length);
      expect(result.failedStarts).toBe(result.exchanges - 1);
      // Reported above; the FileStore's concurrent rewrites make the count vary between runs.
      const refreshes = result.refreshesPerRound.reduce((sum, count) => sum + count, 0);
      expect(result.refreshesPerRound).toHaveLength(COMPARISON_ROUNDS);
      expect(refreshes).toBeGreaterThanOrEqual(COMPARISON_ROUNDS);
    },
    FLEET_TIMEOUT_MS,
  );
});
