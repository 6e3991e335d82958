import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import {
  type MariaDbServer,
  type PostgresServer,
  startMariaDb,
  startPostgres,
} from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNamespace, withNamespace } from '../src/namespace.js';
import { parseStoreUrl } from '../src/store-url.js';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { fullToken, tempDir } from './helpers/tokens.js';

describe('postgres:// and mysql:// store URLs', () => {
  it('parse into the URL for the driver and the table', () => {
    expect(
      parseStoreUrl('postgres://app:pw@127.0.0.1:5433/crm?table=oauth&sslmode=disable'),
    ).toEqual({
      kind: 'postgres',
      url: 'postgres://app:pw@127.0.0.1:5433/crm?sslmode=disable',
      table: 'oauth',
    });
    expect(parseStoreUrl('postgresql://db.internal/crm')).toEqual({
      kind: 'postgres',
      url: 'postgresql://db.internal/crm',
      table: undefined,
    });
    expect(parseStoreUrl('mysql://root@127.0.0.1:3306/crm?table=oauth')).toEqual({
      kind: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/crm',
      table: 'oauth',
    });
    const spec = parseStoreUrl('mysql://h/db');
    expect(randomNamespace(spec)).toMatch(/^check_[0-9a-f]{16}$/);
    expect(withNamespace(spec, 'other')).toMatchObject({ table: 'other' });
  });

  it('refuse URLs without a host or (MySQL) a database, never echoing the password', () => {
    expect(() => parseStoreUrl('postgres://')).toThrow(/needs a host|not a valid/);
    expect(() => parseStoreUrl('mysql://user:s3cr3t-pass@127.0.0.1:3306')).toThrow(
      /name the database/,
    );
    try {
      parseStoreUrl('mysql://user:s3cr3t-pass@127.0.0.1:3306/');
    } catch (error) {
      expect(String(error)).not.toContain('s3cr3t-pass');
    }
  });
});

const TOKENS = 12;
const byId = (a: StoredToken, b: StoredToken) => a.id.localeCompare(b.id);

// SQLite → PostgreSQL → MySQL (MariaDB) through the built CLI: the tables named in the URLs.
describe('tokenstore migrate through PostgreSQL and MariaDB', () => {
  const dir = tempDir();
  const sqlite = `sqlite:${join(dir, 'source.db')}`;
  let postgres: PostgresServer;
  let mariadb: MariaDbServer;
  let source: StoredToken[];

  beforeAll(async () => {
    [postgres, mariadb] = await Promise.all([startPostgres(), startMariaDb()]);
    const store = new SqliteTokenStore({ filename: join(dir, 'source.db') });
    source = [];
    for (let i = 0; i < TOKENS; i++) source.push(await store.saveToken(fullToken()));
    await store.close();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([postgres?.stop(), mariadb?.stop()]);
  });

  it('copies every token intact, and a re-run changes nothing', async () => {
    const postgresUrl = `${postgres.url}?table=cli_migrate`;
    const mysqlUrl = `${mariadb.url}?table=cli_migrate`;
    for (const [from, to] of [
      [sqlite, postgresUrl],
      [postgresUrl, mysqlUrl],
    ] as const) {
      const run = await runCli(['migrate', from, to, '--json'], { timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(0);
      const report = jsonOf<{ counts: Record<string, number>; verification: { ok: boolean } }>(run);
      expect(report.counts).toMatchObject({ read: TOKENS, created: TOKENS, conflicts: 0 });
      expect(report.verification.ok).toBe(true);
      const again = jsonOf<{ counts: Record<string, number> }>(
        await runCli(['migrate', from, to, '--json'], { timeoutMs: 120_000 }),
      );
      expect(again.counts).toMatchObject({ created: 0, unchanged: TOKENS });
    }
    // updatedAt is the store's own, set when the target wrote the token.
    const expected = source
      .map((token) => ({ ...token, version: 1, updatedAt: expect.any(Number) }))
      .sort(byId);
    for (const url of [postgresUrl, mysqlUrl]) {
      const listed = await runCli(['list', url, '--json', '--reveal'], { timeoutMs: 120_000 });
      expect(listed.code, listed.stderr).toBe(0);
      expect(jsonOf<StoredToken[]>(listed).sort(byId)).toEqual(expected);
      expect((await runCli(['count', url.replace('cli_migrate', 'other')])).stdout).toBe('0\n');
    }
  }, 300_000);
});
