import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { describe, expect, it } from 'vitest';
import { barLayout } from '../src/progress.js';
import { CLI, runCli } from './helpers/run-cli.js';
import { seedSqlite } from './helpers/seed-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-cli-safety-'));

describe('URL credentials never reach the terminal', () => {
  it.each([
    ['redis://user:PW1@PW2@127.0.0.1:1/0?prefix=a}b', ['PW1', 'PW2']],
    ['redis://user:PW3@PW4@[bad/0', ['PW3', 'PW4']],
    ['redis://user:PWX@[bad/0', ['PWX']],
    ['secretsmanager://?endpoint=http://user:PASSW@127.0.0.1:1&prefix=a%20b', ['PASSW']],
    ['mongodb://user:PASSM@127.0.0.1:1/db%zz/coll', ['PASSM']],
    ['bogus://user:PASSB@host', ['PASSB']],
    // Passwords with an unescaped / ? #: the URL's authority ends early, so it is invalid or
    // reads part of the password as the path.
    ['redis://:abc/SECRETPW@127.0.0.1:6379/0', ['SECRETPW']],
    ['redis://user:abc?SECRETPQ@127.0.0.1:6379/0', ['SECRETPQ']],
    ['redis://user:/SECRETPS@127.0.0.1:1/0', ['SECRETPS']],
    ['postgres://app:pa#SECRETPH@127.0.0.1:5432/app', ['SECRETPH']],
    ['mysql://app:pa/SECRETPY@127.0.0.1:1/app', ['SECRETPY']],
    ['mongodb://app:x/SECRETPM@127.0.0.1:27017/db/coll', ['SECRETPM']],
    ['secretsmanager://?endpoint=http://user:pa/SECRETPE@127.0.0.1:1', ['SECRETPE']],
  ])('%s', async (url, secrets) => {
    const run = await runCli(['count', url], { timeoutMs: 30_000 });
    expect(run.code).not.toBe(0);
    for (const secret of secrets) {
      expect(run.stderr + run.stdout).not.toContain(secret);
    }
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [`sqlite:${join(dir, 'u.db')}?table=a-b`],
    [`sqlite:${join(dir, 'u.db')}?table=sqlite_master`],
    [`sqlite:${join(dir, 'u.db')}?table=Upper`],
    ['redis://127.0.0.1:1/0?prefix=a}b'],
    ['secretsmanager://?endpoint=http://127.0.0.1:1&prefix=a b'],
    ['mongodb://127.0.0.1:1/db/a$b'],
    ['mongodb://127.0.0.1:1/db%zz/coll'],
  ])('%s', async (url) => {
    const run = await runCli(['count', url], { timeoutMs: 30_000 });
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/tokenstore: /)]);
  });
});

describe('list and show', () => {
  it('write stored control characters as escapes, and an expiresAt of 2^53-1 as a date note', async () => {
    const filename = join(dir, 'escapes.db');
    const store = new SqliteTokenStore({ filename });
    const saved = await store.saveToken({
      userName: 'evil\u001b[2J\u001b]0;title\u0007\u001b]8;;http://x\u0007link\u001b]8;;\u0007',
      apiDomain: 'a\rb\u202ec',
      accessToken: 'at',
      expiresAt: Number.MAX_SAFE_INTEGER,
    });
    await store.close();
    for (const args of [
      ['list', `sqlite:${filename}`],
      ['show', `sqlite:${filename}`, saved.id],
    ]) {
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may be printed
      expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(run.stdout).toContain('\\u001b[2J');
    }
    const shown = await runCli(['show', `sqlite:${filename}`, saved.id]);
    expect(shown.stdout).toContain(`${Number.MAX_SAFE_INTEGER} (after +275760-09-13)`);
  });
});

describe('export --include-secrets -o <existing file>', () => {
  it('leaves the file 0600 even when it existed as 0644', async () => {
    const filename = join(dir, 'export-src.db');
    await seedSqlite(filename, 3, 1);
    const out = join(dir, 'existing.jsonl');
    writeFileSync(out, 'old\n', { mode: 0o644 });
    const run = await runCli(['export', `sqlite:${filename}`, '--include-secrets', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});

describe('the migrate progress bar', () => {
  it('fits 80 columns with the widest counts and ETA', () => {
    for (const total of [1, 999, 1_000_000, 123_456_789]) {
      const { format, barsize } = barLayout('migrate', total, 80);
      const digits = String(total * 10).length;
      const line = format
        .replace('{bar}', '#'.repeat(barsize))
        .replace('{percentage}', '100')
        .replace('{value}', '9'.repeat(digits))
        .replace('{total}', '9'.repeat(digits))
        .replace('{eta_formatted}', '99h59m')
        .replace('{problems}', '');
      expect(line.length, line).toBeLessThan(80);
    }
  });
});

describe('Ctrl-C during migrate', () => {
  it('stops after what is under way, prints what was copied, and exits 130', async () => {
    const from = join(dir, 'big-src.db');
    await seedSqlite(from, 5_000, 5_000);
    const to = join(dir, 'big-dst.db');
    const child = spawn(process.execPath, [CLI, 'migrate', `sqlite:${from}`, `sqlite:${to}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('Migrating') && !child.killed)
        setTimeout(() => child.kill('SIGINT'), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted after \d+ of 5000 tokens/);
  }, 120_000);
});
