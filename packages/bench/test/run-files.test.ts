import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../src/results.js';
import { readRunFile, writeRunFile } from '../src/run-files.js';

const run: BenchResults = {
  profile: 'quick',
  startedAt: '2026-12-02T06:30:00.000Z',
  durationMs: 1000,
  loadAverageAtStart: 0.5,
  loadAverageAtEnd: 0.7,
  targets: [],
  skipped: [{ target: 'redis', reason: 'no server' }],
  heap: undefined,
  sqliteProcesses: undefined,
  secretsManager: undefined,
};

describe('run files', () => {
  it('reads back the run it wrote, under a name without colons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-runs-'));
    const path = writeRunFile(dir, run);
    expect(path).toBe(join(dir, 'run-2026-12-02T06-30-00.000Z.json'));
    expect(readRunFile(path)).toEqual(JSON.parse(JSON.stringify(run)));
  });

  it('names the file that is cut short or is not a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-runs-'));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify(run).slice(0, 40));
    expect(() => readRunFile(cut)).toThrow(`${cut}: not a bench run file`);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"machine":{}}');
    expect(() => readRunFile(other)).toThrow(`${other}: not a bench run file (no startedAt`);
  });
});
