import {
  type MongoServer,
  type MotoServer,
  type RedisServer,
  redisCommand,
  startFerretDB,
  startMoto,
  startRedis,
} from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';

interface CheckJson {
  target: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: { name: string; message: string }[];
}

// The whole suite per server: minutes on FerretDB and moto, on two shared cores.
const SUITE_TIMEOUT_MS = 600_000;

/** `declaredSkips`: cases the store's backend declares it cannot pass (its capabilities). */
function expectAllPassed(
  run: { code: number | null; stdout: string; stderr: string },
  declaredSkips = 0,
): void {
  const report = jsonOf<CheckJson>(run);
  expect(report.failures).toEqual([]);
  expect(report.failed).toBe(0);
  expect(report.skipped).toBe(declaredSkips);
  expect(report.passed).toBeGreaterThanOrEqual(60);
  expect(run.code).toBe(0);
}

describe('tokenstore check on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it(
    'passes, and deletes every key it wrote',
    async () => {
      const run = await runCli(['check', `${redis.url}/3`, '--json'], {
        timeoutMs: SUITE_TIMEOUT_MS,
      });
      expectAllPassed(run);
      // Stores live under {tokenstore-check:<random>:}… in db 3; clean-up leaves none of them.
      const left = await redisCommand(redis.host, redis.port, [
        'EVAL',
        "redis.call('SELECT', 3) return #redis.call('KEYS', '*tokenstore-check:*')",
        '0',
      ]);
      expect(left).toBe(0);
    },
    SUITE_TIMEOUT_MS,
  );
});

describe('tokenstore check on MongoDB (FerretDB)', () => {
  let mongo: MongoServer;
  beforeAll(async () => {
    mongo = await startFerretDB();
  });
  afterAll(async () => {
    await mongo?.stop();
  });

  it(
    'passes',
    async () => {
      const run = await runCli(['check', `${mongo.url}cli_check`, '--json'], {
        // Slow servers: two model-based runs, as in the adapters' own conformance files.
        env: { TOKENSTORE_CONFORMANCE_RUNS: '2' },
        timeoutMs: SUITE_TIMEOUT_MS,
      });
      expectAllPassed(run);
    },
    SUITE_TIMEOUT_MS,
  );
});

describe('tokenstore check on Secrets Manager (moto)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it(
    'passes',
    async () => {
      const url = `secretsmanager://${moto.region}?endpoint=${moto.endpoint}&forceDelete=true`;
      const run = await runCli(['check', url, '--json'], {
        timeoutMs: SUITE_TIMEOUT_MS,
        // Slow server: two model-based runs, as in the adapter's own conformance files.
        env: {
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          TOKENSTORE_CONFORMANCE_RUNS: '2',
        },
      });
      // The backend declares listingDuringWrites: false (ListSecrets pages by position), and
      // check reads that from the store: the listing-under-writes case is skipped, nothing else.
      expectAllPassed(run, 1);
    },
    SUITE_TIMEOUT_MS,
  );
});
