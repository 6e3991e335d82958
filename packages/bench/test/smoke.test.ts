import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIND_OPERATIONS, INSERT, REFRESH, SCAN, UPDATE } from '../src/operations.js';
import { PROFILES } from '../src/profiles.js';
import { END, START, writeBenchmarksFile } from '../src/report/markdown.js';
import { overheadTable, scalingTable } from '../src/report/tables.js';
import { runBench } from '../src/run.js';

// The benchmark in a tiny mode against memory and SQLite, so its code cannot rot unnoticed.
// Nothing here asserts a timing: only that every row is there and holds real measurements.
describe('pnpm bench, smoke profile', () => {
  it('measures every operation of memory and SQLite against their raw drivers', async () => {
    const profile = PROFILES.smoke;
    const results = await runBench({ profile, only: ['memory', 'sqlite'], log: () => {} });

    expect(results.skipped).toEqual([]);
    expect(results.targets.map((t) => t.target)).toEqual(['memory', 'sqlite']);
    const [small, large] = profile.sizes as [number, number];
    for (const target of results.targets) {
      expect(target.sizes).toEqual([small, large]);
      const atSmall = target.pairs.filter((p) => p.size === small).map((p) => p.operation);
      expect(atSmall).toEqual([
        ...FIND_OPERATIONS.map((op) => op.name),
        UPDATE,
        REFRESH,
        SCAN,
        INSERT,
      ]);
      const atLarge = target.pairs.filter((p) => p.size === large).map((p) => p.operation);
      expect(atLarge).toEqual(FIND_OPERATIONS.map((op) => op.name));
      for (const pair of target.pairs) {
        for (const sample of [pair.store, pair.raw]) {
          expect(sample.ops).toBeGreaterThan(0);
          expect(sample.opsPerSecond).toBeGreaterThan(0);
          expect(sample.p99Us).toBeGreaterThanOrEqual(sample.p50Us);
        }
        expect(pair.ratio).toBeCloseTo(pair.store.p50Us / pair.raw.p50Us);
      }
      expect(target.seeding.map((s) => [s.from, s.to])).toEqual([
        [0, small],
        [small, large],
      ]);
    }

    const overhead = overheadTable(results).split('\n');
    expect(overhead[0]).toMatch(/^\| store \| operation \| store ops\/s \|/);
    expect(overhead).toHaveLength(2 + 2 * (FIND_OPERATIONS.length + 4));
    for (const line of overhead.slice(2)) {
      expect(line.split('|').length).toBe(overhead[0]?.split('|').length);
      expect(line).toMatch(/^\| (memory|sqlite) \| .+ \| [\d,]+ \|/);
    }
    const scaling = scalingTable(results).split('\n');
    expect(scaling).toHaveLength(2 + 2 * FIND_OPERATIONS.length);
    expect(scaling[0]).toMatch(
      /\| store\/raw at largest \(p50\) \| spread over runs \| target at largest \|$/,
    );
    for (const line of scaling.slice(2))
      expect(line).toMatch(/ \| (met|\*\*missed\*\*) \(≤1\.3x\) \|$/);
  }, 20_000);

  it('rewrites only the generated section of BENCHMARKS.md', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-md-')), 'BENCHMARKS.md');
    writeFileSync(
      file,
      `# Benchmarks\n\nanalysis before\n\n${START}\nold\n${END}\n\nanalysis after\n`,
    );
    writeBenchmarksFile(file, 'new results');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('analysis before');
    expect(text).toContain('analysis after');
    expect(text).toContain('new results');
    expect(text).not.toContain('old');
  });
});
