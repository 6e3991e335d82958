import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import {
  type MariaDbServer,
  type MongoServer,
  type MotoServer,
  type RedisServer,
  startFerretDB,
  startMariaDb,
  startMoto,
  startRedis,
} from '@tokenstore/test-servers';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tokens.js';

// Migrations from every store of the Zoho CRM SDKs into every tokenstore backend, through the
// built CLI: DBStore's MySQL table (on MariaDB), the SQLite table of Zoho's guide, and the
// FileStore CSV. The sources are made as the SDKs make them (the DDL of the SDKs' README, the
// columns of their db_store.js) and must never change.

interface CopyJson {
  counts: {
    read: number;
    created: number;
    unchanged: number;
    conflicts: number;
    invalid: number;
    malformed?: number;
  };
  items?: { where: string; status: string; reason?: string }[];
  ok: boolean;
}

/** DBStore's table, as the SDKs' README creates it (both SDKs, 6.0 to 8.0). */
const DBSTORE_DDL = `CREATE TABLE oauthtoken (
  id varchar(10) NOT NULL,
  user_name varchar(255),
  client_id varchar(255),
  client_secret varchar(255),
  refresh_token varchar(255),
  access_token varchar(255),
  grant_token varchar(255),
  expiry_time varchar(20),
  redirect_url varchar(255),
  api_domain varchar(255),
  primary key (id)
)`;
/** The SQLite table of Zoho's guide (zohooauth.db). */
const GUIDE_SQLITE_DDL = `CREATE TABLE oauthtoken (
  id INTEGER PRIMARY KEY, user_name TEXT, client_id TEXT, client_secret TEXT, refresh_token TEXT,
  access_token TEXT, grant_token TEXT, expiry_time TEXT, redirect_url TEXT, api_domain TEXT)`;
const COLUMNS = [
  'id',
  'user_name',
  'client_id',
  'client_secret',
  'refresh_token',
  'access_token',
  'grant_token',
  'expiry_time',
  'redirect_url',
  'api_domain',
] as const;
type Row = Record<(typeof COLUMNS)[number], string | null>;

/** Rows as the SDKs write them; `prefix` keeps the users of two sources apart. */
function rows(prefix: string): Row[] {
  return [
    {
      id: '1',
      user_name: `${prefix}ada@example.com:60012345`,
      client_id: '1000.CLIENT',
      client_secret: `${prefix}secret-SECRET`,
      refresh_token: `1000.${prefix}refresh-1-SECRET`,
      access_token: `1000.${prefix}access-1-SECRET`,
      grant_token: `1000.${prefix}grant-1-SECRET`,
      expiry_time: '1767225600000',
      redirect_url: 'https://crm.example.com/callback',
      api_domain: 'https://www.zohoapis.eu',
    },
    {
      // No user looked up (findUser false), not refreshed yet.
      id: '2',
      user_name: null,
      client_id: '1000.CLIENT',
      client_secret: `${prefix}secret-SECRET`,
      refresh_token: `1000.${prefix}refresh-2-SECRET`,
      access_token: null,
      grant_token: null,
      expiry_time: null,
      redirect_url: null,
      api_domain: 'https://www.zohoapis.com',
    },
  ];
}

/** What the rows become: NULL is absent, expiry_time the number expiresAt. */
function expected(prefix: string): Omit<StoredToken, 'version'>[] {
  return rows(prefix).map((row) => {
    const token: Record<string, string | number> = {};
    const fields = {
      id: 'id',
      user_name: 'userName',
      client_id: 'clientId',
      client_secret: 'clientSecret',
      refresh_token: 'refreshToken',
      access_token: 'accessToken',
      grant_token: 'grantToken',
      expiry_time: 'expiresAt',
      redirect_url: 'redirectUrl',
      api_domain: 'apiDomain',
    } as const;
    for (const column of COLUMNS) {
      const value = row[column];
      if (value === null) continue;
      token[fields[column]] = column === 'expiry_time' ? Number(value) : value;
    }
    return token as unknown as Omit<StoredToken, 'version'>;
  });
}

const dir = tempDir();
const awsEnv = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
let mariadb: MariaDbServer;
let redis: RedisServer;
let mongo: MongoServer;
let moto: MotoServer;
let mysqlSource: string;
const guideFile = join(dir, 'zohooauth.db');
const csvFile = join(dir, 'tokens.txt');

async function dbstoreChecksum(): Promise<string> {
  const connection = await mysql.createConnection(mariadb.url);
  try {
    const [result] = await connection.query('SELECT * FROM oauthtoken ORDER BY id');
    const [tables] = await connection.query('SHOW TABLES');
    return JSON.stringify([result, tables]);
  } finally {
    await connection.end();
  }
}

function fileState(path: string): string {
  const names = readdirSync(dir).filter((name) => name.startsWith('zohooauth'));
  return `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${names.join(',')}`;
}

beforeAll(async () => {
  [mariadb, redis, mongo, moto] = await Promise.all([
    startMariaDb(),
    startRedis(),
    startFerretDB(),
    startMoto(),
  ]);
  const connection = await mysql.createConnection(mariadb.url);
  await connection.query(DBSTORE_DDL);
  // As DBStore's saveToken inserts: INSERT INTO oauthtoken(id,user_name,...) VALUES ?
  await connection.query(`INSERT INTO oauthtoken (${COLUMNS.join(',')}) VALUES ?`, [
    rows('mysql-').map((row) => COLUMNS.map((column) => row[column])),
  ]);
  await connection.end();
  const url = new URL(mariadb.url);
  mysqlSource = `zoho-mysql://${url.username}@${url.host}${url.pathname}?table=oauthtoken`;

  const db = new Database(guideFile);
  db.exec(GUIDE_SQLITE_DDL);
  const insert = db.prepare(
    `INSERT INTO oauthtoken (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
  );
  for (const row of rows('sqlite-')) insert.run(...COLUMNS.map((column) => row[column]));
  db.close();

  // The FileStore's header line and rows (10 columns); NULL is an empty cell.
  writeFileSync(
    csvFile,
    [
      'id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain',
      ...rows('csv-').map((row) => COLUMNS.map((column) => row[column] ?? '').join(',')),
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all([mariadb?.stop(), redis?.stop(), mongo?.stop(), moto?.stop()]);
});

let targets = 0;
const targetsOf: Record<string, () => string> = {
  SQLite: () => `sqlite:${join(dir, `target-${++targets}.db`)}`,
  Redis: () => `${redis.url}?prefix=zoho${++targets}:`,
  'MongoDB (FerretDB)': () => `${mongo.url}cli_zoho?collection=zoho${++targets}`,
  'Secrets Manager (moto)': () =>
    `secretsmanager://${moto.region}?prefix=zoho${++targets}/&endpoint=${moto.endpoint}&forceDelete=true`,
};

const sources: Record<string, { run(to: string, extra?: string[]): string[]; prefix: string }> = {
  "DBStore's MySQL table (MariaDB)": {
    run: (to, extra = []) => ['migrate', mysqlSource, to, '--json', ...extra],
    prefix: 'mysql-',
  },
  "the SQLite table of Zoho's guide": {
    run: (to, extra = []) => ['migrate', `zoho-sqlite:${guideFile}`, to, '--json', ...extra],
    prefix: 'sqlite-',
  },
  'the FileStore CSV': {
    run: (to, extra = []) => ['import', 'zoho-csv', csvFile, to, '--json', ...extra],
    prefix: 'csv-',
  },
};

async function listed(url: string): Promise<StoredToken[]> {
  const run = await runCli(['list', url, '--json', '--reveal'], { env: awsEnv });
  expect(run.code, run.stderr).toBe(0);
  return jsonOf<StoredToken[]>(run).sort((a, b) => a.id.localeCompare(b.id));
}

describe.each(Object.entries(targetsOf))('into %s', (_name, target) => {
  it.each(Object.entries(sources))(
    'from %s: every row intact, a re-run changes nothing, the source untouched',
    async (_source, { run, prefix }) => {
      const before = [await dbstoreChecksum(), fileState(guideFile), fileState(csvFile)];
      const to = target();
      const first = await runCli(run(to), { env: awsEnv, timeoutMs: 120_000 });
      expect(first.code, first.stderr).toBe(0);
      expect(jsonOf<CopyJson>(first).counts).toMatchObject({ read: 2, created: 2, conflicts: 0 });
      // updatedAt is the target's own: the time of the copy.
      expect(await listed(to)).toEqual(
        expected(prefix).map((token) => ({ ...token, version: 1, updatedAt: expect.any(Number) })),
      );

      const again = await runCli(run(to), { env: awsEnv, timeoutMs: 120_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(jsonOf<CopyJson>(again).counts).toMatchObject({ created: 0, unchanged: 2 });
      expect([await dbstoreChecksum(), fileState(guideFile), fileState(csvFile)]).toEqual(before);
    },
    180_000,
  );
});

describe('merging several Zoho sources into one store', () => {
  it('reports the ids they share as conflicts; --new-ids gives every token its own id, idempotently', async () => {
    const to = `sqlite:${join(dir, 'merged.db')}`;
    const fromMysql = await runCli(sources["DBStore's MySQL table (MariaDB)"]!.run(to));
    expect(fromMysql.code, fromMysql.stderr).toBe(0);
    // The guide's table uses the same ids (1 and 2) for other tokens: nothing is overwritten.
    const clash = await runCli(sources["the SQLite table of Zoho's guide"]!.run(to));
    expect(clash.code).toBe(1);
    expect(jsonOf<CopyJson>(clash).counts).toMatchObject({ created: 0, conflicts: 2 });

    for (let round = 0; round < 2; round++) {
      const merged = await runCli(
        sources["the SQLite table of Zoho's guide"]!.run(to, ['--new-ids']),
      );
      expect(merged.code, merged.stdout).toBe(0);
      expect(jsonOf<CopyJson>(merged).counts).toMatchObject(
        round === 0 ? { created: 2, conflicts: 0 } : { created: 0, unchanged: 2, conflicts: 0 },
      );
    }
    const tokens = await listed(to);
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens.map((token) => token.id)).size).toBe(4);
    const { id: _a, ...sqliteAda } = expected('sqlite-')[0]!;
    expect(tokens).toContainEqual({
      ...sqliteAda,
      id: expect.any(String),
      version: 1,
      updatedAt: expect.any(Number),
    });
  }, 180_000);
});

describe('errors name the store that failed, and read-only commands create nothing', () => {
  it('a tokenstore URL on a Zoho table is a usage error (exit 2) that names it and creates nothing', async () => {
    const before = fileState(guideFile);
    for (const command of [
      ['count', `sqlite:${guideFile}?table=oauthtoken`],
      ['list', `sqlite:${guideFile}?table=oauthtoken`],
      ['export', `sqlite:${guideFile}?table=oauthtoken`],
      ['migrate', `sqlite:${guideFile}?table=oauthtoken`, `sqlite:${join(dir, 'other.db')}`],
    ]) {
      const run = await runCli(command);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `sqlite:${guideFile}: table oauthtoken is not a tokenstore table`,
      );
      expect(run.stderr).toContain(`zoho-sqlite:${guideFile}?table=oauthtoken`);
    }
    expect(fileState(guideFile)).toBe(before);
    expect(readdirSync(dir)).not.toContain('other.db');
  });

  it('count, list and export of a file or table that does not exist create none', async () => {
    const missing = join(dir, 'missing.db');
    for (const command of [
      ['count', `sqlite:${missing}`],
      ['export', `sqlite:${missing}`],
    ]) {
      const run = await runCli(command);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`sqlite:${missing}: no such file`);
    }
    const target = join(dir, 'target-1.db');
    const beforeTables = new Database(target, { readonly: true });
    const tables = beforeTables
      .prepare("SELECT name FROM sqlite_master WHERE type='table'")
      .pluck()
      .all();
    beforeTables.close();
    const run = await runCli(['list', `sqlite:${target}?table=absent`]);
    expect(run.code).toBe(2);
    const after = new Database(target, { readonly: true });
    expect(
      after.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all(),
    ).toEqual(tables);
    after.close();
    expect(readdirSync(dir)).not.toContain('missing.db');
  });

  it('a source that cannot be reached is named as the source, not the target', async () => {
    const port = new URL(mariadb.url).port;
    const to = `sqlite:${join(dir, 'never.db')}`;
    const run = await runCli([
      'migrate',
      `zoho-mysql://root@127.0.0.1:${port}/no_such_db?table=oauthtoken`,
      to,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(`^tokenstore: zoho-mysql://[^ ]*@127\\.0\\.0\\.1:${port}/no_such_db`),
    );
    expect(run.stderr).not.toContain(to);
  });
});
