import { describe, expect, it } from 'vitest';
import { acrossRuns } from '../src/across-runs.js';
import { processesTable } from '../src/report/tables.js';
import type { BenchResults } from '../src/results.js';
import type { ProcessesLoad, SqliteProcessesResult } from '../src/sqlite-processes.js';

const sample = (p99Us: number, perSecond?: readonly [number, number], maxUs?: number) => ({
  ops: 1000,
  opsPerSecond: 2000,
  p50Us: 300,
  p99Us,
  ...(perSecond === undefined ? {} : { perProcessOpsPerSecond: perSecond }),
  ...(maxUs === undefined ? {} : { maxUs }),
});

function load(storeP99: number, ratePerProcess?: number): ProcessesLoad {
  return {
    ...(ratePerProcess === undefined ? {} : { ratePerProcess }),
    store: sample(storeP99, [240, 260], 90_000),
    raw: sample(1000, [5, 4000], 2_500_000),
    roundP99Ratios: [storeP99 / 1000 - 0.5, storeP99 / 1000 + 0.5],
  };
}

function run(backToBackP99: number, pacedP99?: number): BenchResults {
  const processes: SqliteProcessesResult = {
    processes: 4,
    tokens: 1000,
    ...load(backToBackP99),
    ...(pacedP99 === undefined ? {} : { paced: [load(pacedP99 / 2, 100), load(pacedP99, 250)] }),
  };
  return {
    profile: 'full',
    startedAt: '2026-12-02T16:00:00.000Z',
    durationMs: 1000,
    loadAverageAtStart: 1,
    targets: [],
    skipped: [],
    heap: undefined,
    secretsManager: undefined,
    sqliteProcesses: processes,
  };
}

describe('the writer-processes report', () => {
  it('merges each load over runs on its own median, with every run and round ratio', () => {
    const merged = acrossRuns([run(13_000, 2_000), run(11_000, 900), run(15_000, 1_400)]);
    const p = merged.sqliteProcesses as SqliteProcessesResult & {
      runP99Ratios: number[];
      paced: (ProcessesLoad & { runP99Ratios: number[] })[];
    };
    expect(p.runP99Ratios).toEqual([13, 11, 15]);
    expect(p.store.p99Us).toBe(13_000);
    expect(p.paced.map((l) => l.ratePerProcess)).toEqual([100, 250]);
    expect(p.paced[0]?.runP99Ratios).toEqual([1, 0.45, 0.7]);
    expect(p.paced[1]?.runP99Ratios).toEqual([2, 0.9, 1.4]);
    expect(p.paced[1]?.store.p99Us).toBe(1_400);
    expect(p.paced[1]?.roundP99Ratios).toHaveLength(6);
  });

  it('leaves the paced load out when some run did not measure it', () => {
    const merged = acrossRuns([run(13_000, 2_000), run(11_000)]);
    expect(merged.sqliteProcesses).not.toHaveProperty('paced');
  });

  it('shows both loads with a verdict each, and what shows starvation', () => {
    const merged = acrossRuns([run(13_000, 2_000), run(11_000, 1_000)]);
    const lines = processesTable(merged.sqliteProcesses as SqliteProcessesResult).split('\n');
    expect(lines).toHaveLength(5);
    const backToBack = lines[2]?.split(' | ') ?? [];
    const paced = lines[4]?.split(' | ') ?? [];
    expect(lines[3]?.split(' | ')[0]).toBe('| paced, 100/s each');
    expect(backToBack[0]).toBe('| back to back');
    expect(backToBack).toContain('12.00x');
    expect(backToBack.at(-1)).toBe('**missed** (≤3x) |');
    expect(paced[0]).toBe('| paced, 250/s each');
    expect(paced).toContain('1.50x');
    expect(paced.at(-1)).toBe('met (≤3x) |');
    // Per-process throughput and the slowest update: raw's 5–4,000 and 2,500 ms.
    expect(paced).toContain('5–4,000');
    expect(paced).toContain('2,500');
  });

  it('reads a run saved before the paced load and the starvation columns existed', () => {
    const old = run(13_000);
    const {
      perProcessOpsPerSecond: _p,
      maxUs: _m,
      ...store
    } = (old.sqliteProcesses as SqliteProcessesResult).store;
    const table = processesTable({ ...(old.sqliteProcesses as SqliteProcessesResult), store });
    const row = table.split('\n')[2]?.split(' | ') ?? [];
    expect(table.split('\n')).toHaveLength(3);
    expect(row[4]).toBe('—');
    expect(row[7]).toBe('—');
  });
});
