import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

describe('usage and exit codes', () => {
  it('prints help for the program and every command, exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'check',
      'list',
      'show',
      'count',
      'delete',
      'delete-all',
      'migrate',
      'import',
      'export',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      const own = await runCli([command, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`Usage: tokenstore ${command}`);
    }
    const csv = await runCli(['import', 'zoho-csv', '--help']);
    expect(csv.stdout).toContain('Usage: tokenstore import zoho-csv [options] <file> <to>');
    expect(help.stdout).toContain('Exit codes:');
  });

  it('prints the package version', async () => {
    const run = await runCli(['--version']);
    expect([run.code, run.stdout.trim()]).toEqual([0, version]);
  });

  it.each([
    [['bogus'], "unknown command 'bogus'"],
    [['count'], "missing required argument 'url'"],
    [['count', 'sqlite:/tmp/x.db', '--page-size', '0'], 'must be a positive whole number'],
    [['count', 'sqlite:/tmp/x.db', '--frobnicate'], "unknown option '--frobnicate'"],
    [['count', 'ftp://127.0.0.1/x'], 'is not a store URL'],
    [['count', 'sqlite:'], 'name the database file'],
    [['count', 'sqlite:/tmp/x.db?tabel=x'], 'unknown parameter "tabel"'],
    [['count', 'secretsmanager://'], 'secretsmanager://<region>'],
    [['migrate', 'memory:', 'memory:'], 'the source and the target are the same store'],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('never prints the password of a store URL', async () => {
    const run = await runCli(
      ['count', 'redis://user:hunter2secret@127.0.0.1:1/0?bad=%zz', '--json'],
      {
        timeoutMs: 60_000,
      },
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).not.toContain('hunter2secret');
  });

  it('exits 3 when the store cannot be reached, with a message and no stack trace', async () => {
    const run = await runCli(['count', 'redis://127.0.0.1:1/0'], { timeoutMs: 60_000 });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^tokenstore: .*STORE_UNAVAILABLE/);
    expect(run.stderr).not.toContain('    at ');
  });
});
