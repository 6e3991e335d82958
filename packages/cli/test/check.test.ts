import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conformanceCases } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tokens.js';

interface CheckJson {
  target: string;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  groups: { group: string; passed: number; failed: number; skipped: number }[];
  failures: { name: string; message: string }[];
  skips: { name: string; reason: string }[];
}

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Every case ran and passed, and the per-group counts add up to the totals. */
function expectAllPassed(report: CheckJson): void {
  expect(report.failures).toEqual([]);
  expect(report.failed).toBe(0);
  expect(report.skipped).toBe(0);
  expect(report.passed).toBeGreaterThanOrEqual(60);
  const sum = report.groups.reduce((total, group) => total + group.passed, 0);
  expect(sum).toBe(report.passed);
}

describe('tokenstore check', () => {
  const dir = tempDir();

  it('passes the memory store, as JSON with per-group counts', async () => {
    const run = await runCli(['check', 'memory:', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = jsonOf<CheckJson>(run);
    expect(report.target).toBe('memory:');
    expectAllPassed(report);
    expect(report.groups.map((g) => g.group)).toContain('concurrency');
  });

  it('passes a SQLite file, printed as a table', async () => {
    const file = join(dir, 'check.db');
    const run = await runCli(['check', `sqlite:${file}`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Conformance of sqlite:${file}`);
    expect(run.stdout).toMatch(/\| group +\| passed \| failed \| skipped \|/);
    expect(run.stdout).toMatch(/\| total +\| \d+ +\| 0 +\| 0 +\|/);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed, 0 skipped in [\d.]+ s/);
    expect(run.stdout).not.toContain('FAIL');
    // 4 s on a quiet machine; a child process fsyncing a whole suite passed 30 s at load 30.
  }, 120_000);

  it('checks a third-party store factory module', async () => {
    const run = await runCli(['check', fixture('memory-store-factory.mjs'), '--json']);
    expect(run.code).toBe(0);
    expectAllPassed(jsonOf<CheckJson>(run));
  });

  it('exits 1 for a broken module store and names the failing cases and why', async () => {
    const run = await runCli(['check', fixture('field-dropping-store.mjs'), '--json']);
    expect(run.code).toBe(1);
    const report = jsonOf<CheckJson>(run);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.failures.length).toBe(report.failed);
    expect(report.failures.some((f) => f.name.startsWith('round trip › '))).toBe(true);
    for (const failure of report.failures) expect(failure.message).not.toBe('');
    const roundTrip = report.groups.find((g) => g.group === 'round trip');
    expect(roundTrip?.failed).toBeGreaterThan(0);

    const text = await runCli(['check', fixture('field-dropping-store.mjs')]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Failures:');
    expect(text.stdout).toMatch(/FAIL round trip › /);
    expect(text.stdout).toMatch(new RegExp(`\\d+ passed, ${report.failed} failed`));
  });

  it("skips exactly the cases a module's declared capabilities rule out", async () => {
    const run = await runCli(['check', fixture('no-persistence-store.mjs'), '--json']);
    expect(run.code).toBe(0);
    const report = jsonOf<CheckJson>(run);
    expect(report.failed).toBe(0);
    // The persistence group, and the cases elsewhere that need a second instance on the data.
    const needing = conformanceCases.filter((c) => c.requires?.includes('persistence'));
    expect(report.skips.map((skip) => skip.name).sort()).toEqual(
      needing.map((c) => `${c.group} › ${c.name}`).sort(),
    );
    for (const skip of report.skips) expect(skip.reason).toContain('persistence');
  });

  it('runs only the groups named by --group, and every case of each', async () => {
    const run = await runCli(['check', 'memory:', '--json', '--group', 'lookup', 'round trip']);
    expect(run.code).toBe(0);
    const report = jsonOf<CheckJson>(run);
    expect(report.groups.map((g) => g.group)).toEqual(['round trip', 'lookup']);
    const wanted = conformanceCases.filter((c) => c.group === 'lookup' || c.group === 'round trip');
    expect(report.passed).toBe(wanted.length);
    expect(report.failed + report.skipped).toBe(0);

    const text = await runCli(['check', 'memory:', '--group', 'closed']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\| closed +\|/);
    expect(text.stdout).not.toMatch(/\| lookup +\|/);
  });

  it('refuses an unknown --group before opening the store, naming the groups (exit 2)', async () => {
    const file = join(dir, 'never-opened.db');
    const run = await runCli(['check', `sqlite:${file}`, '--group', 'lookup', 'lookups']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such group "lookups"');
    expect(run.stderr).toContain('"round trip"');
    expect(run.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a module without a default factory, and a path that does not exist (exit 2)', async () => {
    const notFactory = await runCli(['check', fixture('not-a-factory.mjs')]);
    expect(notFactory.code).toBe(2);
    expect(notFactory.stderr).toContain('must export a default function (namespace) => TokenStore');

    const missing = await runCli(['check', './no-such-module.mjs']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('neither a store URL nor an existing module file');

    const scheme = await runCli(['check', 'cassandra://127.0.0.1/tokens']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('unknown store URL scheme "cassandra:"');
  });
});
