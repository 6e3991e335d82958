import { conformanceCases } from '@tokenstore/core/conformance';
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
  groups: { group: string }[];
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
  atLeast = 90,
): CheckJson {
  const report = jsonOf<CheckJson>(run);
  expect(report.failures).toEqual([]);
  expect(report.failed).toBe(0);
  expect(report.skipped).toBe(declaredSkips);
  expect(report.passed).toBeGreaterThanOrEqual(atLeast);
  expect(run.code).toBe(0);
  return report;
}

// The three servers start together. The checks run one after the other: run at once, on a
// loaded 2-core machine, the moto check failed cases in one of two tries.
let redis: RedisServer | undefined;
let mongo: MongoServer | undefined;
let moto: MotoServer | undefined;
beforeAll(async () => {
  [redis, mongo, moto] = await Promise.all([startRedis(), startFerretDB(), startMoto()]);
});
afterAll(async () => {
  await Promise.all([redis?.stop(), mongo?.stop(), moto?.stop()]);
});

function need<T>(server: T | undefined): T {
  if (server === undefined) throw new Error('the test servers did not start (see beforeAll)');
  return server;
}

// Slow servers: one model-based run. The store's own conformance file runs the same seed's first
// two runs on the same server (fast-check runs are a prefix of each other for one seed), so the
// store's coverage is unchanged; what this file adds is the CLI's path to the store.
const ONE_MODEL_RUN = { TOKENSTORE_CONFORMANCE_RUNS: '1' };

describe('tokenstore check on a real server', () => {
  it(
    'on Redis: passes, and deletes every key it wrote',
    async () => {
      const { url, host, port } = need(redis);
      const run = await runCli(['check', `${url}/3`, '--json'], {
        timeoutMs: SUITE_TIMEOUT_MS,
      });
      expectAllPassed(run);
      // Stores live under {tokenstore-check:<random>:}… in db 3; clean-up leaves none of them.
      const left = await redisCommand(host, port, [
        'EVAL',
        "redis.call('SELECT', 3) return #redis.call('KEYS', '*tokenstore-check:*')",
        '0',
      ]);
      expect(left).toBe(0);
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'on MongoDB (FerretDB): passes',
    async () => {
      const run = await runCli(['check', `${need(mongo).url}cli_check`, '--json'], {
        env: ONE_MODEL_RUN,
        timeoutMs: SUITE_TIMEOUT_MS,
      });
      expectAllPassed(run);
    },
    SUITE_TIMEOUT_MS,
  );

  // moto answers a call in about 5 ms: the whole suite is more than 3 minutes, and the store's own
  // conformance file already runs it on moto. What this adds is the CLI's path to the store (the
  // URL's options, namespaces, clean-up), which every group that saves, finds and deletes takes.
  const SECRETS_MANAGER_GROUPS = [
    'round trip',
    'absent values',
    'validation',
    'lookup',
    'save',
    'expectedVersion',
    'uniqueness',
    'delete',
    'isolation',
    'closed',
    'secrets',
  ];

  it(
    `on Secrets Manager (moto): passes the groups ${SECRETS_MANAGER_GROUPS.join(', ')}`,
    async () => {
      const server = need(moto);
      const url = `secretsmanager://${server.region}?endpoint=${server.endpoint}&forceDelete=true`;
      const run = await runCli(['check', url, '--json', '--group', ...SECRETS_MANAGER_GROUPS], {
        timeoutMs: SUITE_TIMEOUT_MS,
        env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
      });
      const cases = conformanceCases.filter(({ group }) => SECRETS_MANAGER_GROUPS.includes(group));
      const report = expectAllPassed(run, 0, cases.length);
      expect(report.passed).toBe(cases.length);
      expect(report.groups.map(({ group }) => group)).toEqual(SECRETS_MANAGER_GROUPS);
    },
    SUITE_TIMEOUT_MS,
  );
});
