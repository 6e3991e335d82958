import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import { RedisTokenStore } from '@tokenstore/store-redis';
import { redisCommand, startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { seedSqlite } from './helpers/seed-sqlite.js';
import { tempDir } from './helpers/tokens.js';

const LARGE = 100_000;
/**
 * Large enough that the process's heap has grown to its working size: a 20k migration peaked
 * at 243 MB with each Redis command written at once, 279 MB with auto-pipelining, while 100k
 * peaked at 289 MB with both; from 20k, the growth measured that warm-up.
 */
const SMALL = 50_000;
/** Peak resident memory the migrating process may reach, in kB. */
const MAX_RSS_KB = 300 * 1024;
/**
 * How much more the 2x larger migration may take at its peak, in kB. Streaming adds nothing;
 * holding 100k tokens costs about 56 MB of heap more than holding 50k (about 1.1 kB a token).
 */
const MAX_GROWTH_KB = 40 * 1024;
/** Generous: the machine is 2 shared cores. */
const TIMEOUT_MS = 900_000;

interface CopyJson {
  counts: { read: number; created: number; unchanged: number; conflicts: number; invalid: number };
  verification: { targetBefore: number; targetAfter: number; expectedAfter: number; ok: boolean };
  ok: boolean;
}

describe(`tokenstore migrate of ${LARGE} tokens from SQLite to Redis`, () => {
  const dir = tempDir();
  const redis = serverForFile(() => startRedis());
  let samples: StoredToken[];

  beforeAll(async () => {
    let started = performance.now();
    samples = await seedSqlite(join(dir, 'large.db'), LARGE, 10_000);
    console.info(`seeded ${LARGE} SQLite tokens in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    await seedSqlite(join(dir, 'small.db'), SMALL, SMALL);
    console.info(`seeded ${SMALL} SQLite tokens in ${Math.round(performance.now() - started)} ms`);
  }, TIMEOUT_MS);

  /** Runs the migration of one file into its own prefix; returns its report and peak RSS. */
  async function migrate(
    name: string,
    count: number,
  ): Promise<{ report: CopyJson; maxRssKb: number }> {
    const started = performance.now();
    const run = await runCli(
      [
        '--debug-max-rss',
        'migrate',
        `sqlite:${join(dir, `${name}.db`)}`,
        `${redis().url}/0?prefix=${name}:`,
        '--json',
        '--quiet',
        '--page-size',
        '500',
        '--concurrency',
        '32',
      ],
      { timeoutMs: TIMEOUT_MS },
    );
    const rss = /^maxRSS (\d+) kB$/m.exec(run.stderr);
    expect(rss, run.stderr).not.toBeNull();
    const maxRssKb = Number(rss?.[1]);
    console.info(
      `migrated ${count} tokens SQLite → Redis in ${Math.round(performance.now() - started)} ms; ` +
        `peak RSS ${Math.round(maxRssKb / 1024)} MB`,
    );
    expect(run.code, run.stderr).toBe(0);
    return { report: jsonOf<CopyJson>(run), maxRssKb };
  }

  it(
    'copies them all in bounded memory, and verifies the count',
    async () => {
      const small = await migrate('small', SMALL);
      const large = await migrate('large', LARGE);

      expect(large.report.counts).toMatchObject({
        read: LARGE,
        created: LARGE,
        conflicts: 0,
        invalid: 0,
      });
      expect(large.report.verification).toEqual({
        targetBefore: 0,
        targetAfter: LARGE,
        expectedAfter: LARGE,
        ok: true,
      });
      expect(small.report.counts.created).toBe(SMALL);

      expect(large.maxRssKb).toBeLessThan(MAX_RSS_KB);
      expect(large.maxRssKb - small.maxRssKb).toBeLessThan(MAX_GROWTH_KB);

      // Independently of the CLI's own count: the store's id index in Redis holds them all.
      expect(await redisCommand(redis().host, redis().port, ['ZCARD', '{large:}ids'])).toBe(LARGE);
      const target = new RedisTokenStore({ url: redis().url, prefix: 'large:' });
      for (const sample of samples) {
        expect(await target.findTokenById(sample.id)).toEqual({
          ...sample,
          updatedAt: expect.any(Number),
        });
      }
      await target.close();
    },
    TIMEOUT_MS,
  );
});
