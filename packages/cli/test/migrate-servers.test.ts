import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import {
  type MongoServer,
  type MotoServer,
  startFerretDB,
  startMoto,
} from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { fullToken, tempDir } from './helpers/tokens.js';

interface CopyJson {
  counts: { read: number; created: number; unchanged: number; conflicts: number };
  verification: { ok: boolean };
  ok: boolean;
}

const TOKENS = 12;
const byId = (a: StoredToken, b: StoredToken) => a.id.localeCompare(b.id);

// SQLite → MongoDB (FerretDB) → Secrets Manager (moto): each hop through the CLI, URL parameters
// naming the collection and prefix, and every token arriving intact.
describe('tokenstore migrate through MongoDB and Secrets Manager', () => {
  const dir = tempDir();
  const sqlite = `sqlite:${join(dir, 'source.db')}`;
  const awsEnv = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  let mongo: MongoServer;
  let moto: MotoServer;
  let source: StoredToken[];

  beforeAll(async () => {
    [mongo, moto] = await Promise.all([startFerretDB(), startMoto()]);
    const store = new SqliteTokenStore({ filename: join(dir, 'source.db') });
    source = [];
    for (let i = 0; i < TOKENS; i++) source.push(await store.saveToken(fullToken()));
    await store.close();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([mongo?.stop(), moto?.stop()]);
  });

  it('copies every token intact, and re-runs change nothing', async () => {
    const mongoUrl = `${mongo.url}cli_migrate?collection=oauth_tokens`;
    const secretsUrl = `secretsmanager://${moto.region}?prefix=cli-migrate/&endpoint=${moto.endpoint}&forceDelete=true`;

    for (const [from, to] of [
      [sqlite, mongoUrl],
      [mongoUrl, secretsUrl],
    ] as const) {
      const run = await runCli(['migrate', from, to, '--json'], {
        env: awsEnv,
        timeoutMs: 300_000,
      });
      expect(run.code, run.stderr).toBe(0);
      const report = jsonOf<CopyJson>(run);
      expect(report.counts).toMatchObject({ read: TOKENS, created: TOKENS, conflicts: 0 });
      expect(report.verification.ok).toBe(true);

      const again = jsonOf<CopyJson>(
        await runCli(['migrate', from, to, '--json'], { env: awsEnv, timeoutMs: 300_000 }),
      );
      expect(again.counts).toMatchObject({ created: 0, unchanged: TOKENS });
    }

    const expected = source
      .map((token) => ({ ...token, version: 1, updatedAt: expect.any(Number) }))
      .sort(byId);
    for (const url of [mongoUrl, secretsUrl]) {
      const listed = await runCli(['list', url, '--json', '--reveal'], {
        env: awsEnv,
        timeoutMs: 300_000,
      });
      expect(listed.code, listed.stderr).toBe(0);
      expect(jsonOf<StoredToken[]>(listed).sort(byId)).toEqual(expected);
    }
    // The collection named in the URL holds them, and no other.
    expect((await runCli(['count', `${mongo.url}cli_migrate?collection=other`])).stdout).toBe(
      '0\n',
    );
  }, 600_000);
});
