import { describe, expect, it } from 'vitest';
import { acrossRuns, median } from '../src/across-runs.js';
import { overheadTable } from '../src/report/tables.js';
import type { BenchResults, PairRow } from '../src/results.js';

const sample = (p50Us: number) => ({
  ops: 100,
  opsPerSecond: 1e6 / p50Us,
  p50Us,
  p99Us: p50Us * 2,
});

function pair(storeUs: number, blocks: readonly [number, number]): PairRow {
  return {
    target: 'memory',
    operation: 'findToken userName',
    size: 1000,
    store: sample(storeUs),
    raw: sample(2),
    ratio: storeUs / 2,
    ratioRange: blocks,
  };
}

function run(storeUs: number, blocks: readonly [number, number], load: number): BenchResults {
  return {
    profile: 'quick',
    startedAt: '2026-12-01T20:00:00.000Z',
    durationMs: 60_000,
    loadAverageAtStart: load,
    loadAverageAtEnd: load,
    targets: [
      {
        target: 'memory',
        rawLabel: 'Map',
        sizes: [1000],
        maxTokensWhy: '',
        pairs: [pair(storeUs, blocks)],
        concurrency: [],
        seeding: [],
      },
    ],
    skipped: [{ target: 'mongo', reason: 'no server' }],
    heap: undefined,
    secretsManager: undefined,
  };
}

describe('acrossRuns', () => {
  it('reports the median ratio over runs with the spread over runs and over all blocks', () => {
    const merged = acrossRuns([
      run(2.4, [1.1, 1.3], 1),
      run(3.6, [1.7, 1.9], 2),
      run(2.8, [1.3, 1.5], 3),
    ]);
    const [row] = merged.targets[0]?.pairs ?? [];
    expect(row?.ratio).toBeCloseTo(1.4);
    expect(row?.runRatios).toEqual([1.2, 1.8, 1.4].map((r) => expect.closeTo(r)));
    expect(row?.ratioRange).toEqual([1.1, 1.9]);
    // The samples shown are those of the run whose ratio is the median.
    expect(row?.store.p50Us).toBe(2.8);
    expect(merged.runs?.map((r) => r.loadAverageAtStart)).toEqual([1, 2, 3]);
    expect(merged.durationMs).toBe(180_000);
    expect(merged.skipped).toHaveLength(1);
    expect(overheadTable(merged)).toContain('| 1.40x | 1.10x–1.90x | 1.20x–1.80x |');
  });

  it('leaves a single run as it was', () => {
    const one = run(2.4, [1.1, 1.3], 1);
    expect(acrossRuns([one])).toBe(one);
    expect(overheadTable(one)).toContain('| 1.20x | 1.10x–1.30x | — |');
  });

  it('takes the middle of an even number of runs', () => {
    expect(median([1, 3])).toBe(2);
    expect(median([5, 1, 3])).toBe(3);
  });
});
