import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { leaksSecret, secret, tempDir } from './helpers/tokens.js';

interface CopyJson {
  counts: Record<
    'read' | 'created' | 'updated' | 'unchanged' | 'conflicts' | 'invalid' | 'malformed',
    number
  >;
  verification: { targetBefore: number; targetAfter: number; expectedAfter: number; ok: boolean };
  problems: { where: string; status: string; reason: string }[];
  ok: boolean;
}

const HEADER =
  'id,user_mail,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain';
const LEGACY_HEADER =
  'id,user_mail,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url';
const EXPIRY = 1767225600000;

/** Every secret written into a test file, to prove no output ever holds one. */
const written: string[] = [];
function s(label: string): string {
  const value = secret(label);
  written.push(value);
  return value;
}

async function tokensIn(file: string, table: string): Promise<Map<string, StoredToken>> {
  const store = new SqliteTokenStore({ filename: file, table });
  const tokens = new Map((await store.getTokens()).map((t) => [t.id, t]));
  await store.close();
  return tokens;
}

describe('tokenstore import zoho-csv', () => {
  const dir = tempDir();
  const db = join(dir, 'imported.db');

  it('imports the 10-column layout: quoted commas, embedded newlines; reports broken lines and goes on', async () => {
    const secrets = Array.from({ length: 10 }, (_, i) => ({
      cs: s(`cs${i}`),
      rt: s(`rt${i}`),
      at: s(`at${i}`),
      gt: s(`gt${i}`),
    }));
    const [a, b, c, d, e, f, g, h] = secrets as [
      (typeof secrets)[0],
      (typeof secrets)[0],
      (typeof secrets)[0],
      (typeof secrets)[0],
      (typeof secrets)[0],
      (typeof secrets)[0],
      (typeof secrets)[0],
      (typeof secrets)[0],
    ];
    const lines = [
      HEADER, // line 1
      `1,ada@example.com,1000.AAA,${a.cs},${a.rt},${a.at},,${EXPIRY},https://app.example.com/cb,https://www.zohoapis.eu`, // 2
      `2,"bob, the builder@example.com",1000.BBB,${b.cs},${b.rt},${b.at},${b.gt},${EXPIRY},"https://app.example.com/cb?a=1,b=2",https://www.zohoapis.com`, // 3
      `3,carol@example.com,1000.CCC,${c.cs},${c.rt},"${c.at}",,${EXPIRY},"https://app.example.com/multi`, // 4
      'line",https://www.zohoapis.in', // 5 (the end of record 3)
      `4,dave@example.com,1000.DDD,${d.cs},${d.rt}`, // 6: too few columns
      `5,erin@example.com,1000.EEE,${e.cs},${e.rt},${e.at},,soon,https://x.example.com,https://y.example.com`, // 7: bad expiry
      `6,"frank@example.com,1000.FFF,${f.cs},${f.rt},${f.at},,${EXPIRY},https://x.example.com,https://y.example.com`, // 8: unclosed quote
      `7,grace@example.com,1000.GGG,${g.cs},${g.rt},${g.at},,${EXPIRY},,`, // 9
      '',
      `8,heidi@example.com,1000.HHH,${h.cs},,,,${EXPIRY},https://x.example.com,https://y.example.com`, // 11: no token value
    ];
    const file = join(dir, 'zoho.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const run = await runCli(['import', 'zoho-csv', file, `sqlite:${db}?table=zoho`, '--json']);
    expect(run.code).toBe(1);
    const report = jsonOf<CopyJson>(run);
    expect(report.counts).toEqual({
      read: 8,
      created: 4,
      updated: 0,
      unchanged: 0,
      conflicts: 0,
      invalid: 1,
      malformed: 3,
    });
    expect(report.verification).toEqual({
      targetBefore: 0,
      targetAfter: 4,
      expectedAfter: 4,
      ok: true,
    });
    expect(report.problems.map(({ where, status }) => [where, status])).toEqual([
      ['line 6', 'malformed'],
      ['line 7', 'malformed'],
      ['line 8', 'malformed'],
      ['line 11', 'invalid'],
    ]);
    expect(report.problems[0]?.reason).toBe('expected 10 columns (or 9 in SDK 2.x files), found 5');
    expect(report.problems[1]?.reason).toBe(
      'expiry_time is not a whole number of epoch milliseconds',
    );
    expect(report.problems[2]?.reason).toContain('quoted field');
    expect(report.problems[3]?.reason).toContain('accessToken, refreshToken or grantToken');
    expect(leaksSecret(run.stdout + run.stderr, written)).toBe(false);

    const tokens = await tokensIn(db, 'zoho');
    expect([...tokens.keys()].sort()).toEqual(['1', '2', '3', '7']);
    expect(tokens.get('1')).toEqual({
      id: '1',
      userName: 'ada@example.com',
      clientId: '1000.AAA',
      clientSecret: a.cs,
      refreshToken: a.rt,
      accessToken: a.at,
      expiresAt: EXPIRY,
      redirectUrl: 'https://app.example.com/cb',
      apiDomain: 'https://www.zohoapis.eu',
      version: 1,
      updatedAt: expect.any(Number),
    });
    expect(tokens.get('2')?.userName).toBe('bob, the builder@example.com');
    expect(tokens.get('2')?.grantToken).toBe(b.gt);
    expect(tokens.get('2')?.redirectUrl).toBe('https://app.example.com/cb?a=1,b=2');
    expect(tokens.get('3')?.redirectUrl).toBe('https://app.example.com/multi\nline');
    expect(tokens.get('3')?.apiDomain).toBe('https://www.zohoapis.in');
    expect(tokens.get('7')?.redirectUrl).toBeUndefined();
    expect(tokens.get('7')?.apiDomain).toBeUndefined();

    const text = await runCli(['import', 'zoho-csv', file, `sqlite:${db}?table=zoho`]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('malformed at line 6: expected 10 columns');
    expect(text.stdout).toContain('0 created, 4 already there (unchanged)');
    expect(leaksSecret(text.stdout + text.stderr, written)).toBe(false);
  });

  it('imports the legacy 9-column layout (SDK 2.x, no api_domain), with CRLF line ends', async () => {
    const rt = s('legacy-rt');
    const file = join(dir, 'legacy.csv');
    writeFileSync(
      file,
      [
        LEGACY_HEADER,
        `11,old@example.com,1000.OLD,${s('legacy-cs')},${rt},${s('legacy-at')},,${EXPIRY},https://old.example.com/cb`,
        `12,older@example.com,1000.OLD,${s('legacy-cs')},${s('legacy-rt')},,${s('legacy-gt')},,`,
      ].join('\r\n'),
    );
    const run = await runCli(['import', 'zoho-csv', file, `sqlite:${db}?table=legacy`, '--json']);
    expect(run.code).toBe(0);
    expect(jsonOf<CopyJson>(run).counts).toMatchObject({ read: 2, created: 2, malformed: 0 });
    const tokens = await tokensIn(db, 'legacy');
    expect(tokens.get('11')).toMatchObject({
      userName: 'old@example.com',
      refreshToken: rt,
      expiresAt: EXPIRY,
      redirectUrl: 'https://old.example.com/cb',
    });
    expect(tokens.get('11')?.apiDomain).toBeUndefined();
    expect(tokens.get('12')?.expiresAt).toBeUndefined();
    expect(tokens.get('12')?.redirectUrl).toBeUndefined();
    expect(leaksSecret(run.stdout + run.stderr, written)).toBe(false);
  });

  it('imports a file without a header line', async () => {
    const file = join(dir, 'headless.csv');
    writeFileSync(
      file,
      `21,nohead@example.com,1000.NH,${s('nh-cs')},${s('nh-rt')},${s('nh-at')},,${EXPIRY},,https://www.zohoapis.com\n`,
    );
    const run = await runCli(['import', 'zoho-csv', file, `sqlite:${db}?table=headless`, '--json']);
    expect(run.code).toBe(0);
    expect((await tokensIn(db, 'headless')).get('21')?.userName).toBe('nohead@example.com');
  });

  it('--dry-run writes nothing', async () => {
    const file = join(dir, 'dry.csv');
    writeFileSync(file, `${HEADER}\n31,dry@example.com,1000.D,${s('d-cs')},${s('d-rt')},,,,,\n`);
    const run = await runCli([
      'import',
      'zoho-csv',
      file,
      `sqlite:${db}?table=dry`,
      '--dry-run',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(jsonOf<CopyJson>(run).counts.created).toBe(1);
    expect((await tokensIn(db, 'dry')).size).toBe(0);
  });

  it('refuses a CSV whose header is not a FileStore one (exit 2) and a missing file (exit 3)', async () => {
    const file = join(dir, 'other.csv');
    writeFileSync(file, 'id,name,email\n1,x,y\n');
    const other = await runCli(['import', 'zoho-csv', file, `sqlite:${db}?table=other`]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('line 1: this header is not a Zoho FileStore one');

    const missing = await runCli(['import', 'zoho-csv', join(dir, 'nope.csv'), `sqlite:${db}`]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('ENOENT');
  });
});
