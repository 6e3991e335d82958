import type { BenchResults, ConcurrencyRow, RunInfo, TargetResult } from './results.js';
import type { ProcessesLoad, SqliteProcessesResult } from './sqlite-processes.js';

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const range = (values: readonly number[]): readonly [number, number] => [
  Math.min(...values),
  Math.max(...values),
];

/** The widest range covering all of `ranges` (each run's spread over blocks). */
function union(
  ranges: readonly (readonly [number, number] | undefined)[],
): readonly [number, number] | undefined {
  const known = ranges.filter((r) => r !== undefined);
  if (known.length === 0) return undefined;
  return [Math.min(...known.map((r) => r[0])), Math.max(...known.map((r) => r[1]))];
}

/** The row whose ratio is nearest the median: its samples are shown, from a run that happened. */
function nearestMedian<T>(rows: readonly T[], ratio: (row: T) => number): T {
  const middle = median(rows.map(ratio));
  return rows.reduce((best, row) =>
    Math.abs(ratio(row) - middle) < Math.abs(ratio(best) - middle) ? row : best,
  );
}

/** A row measured in each run (a pair or a peer), as one: the median ratio, both spreads. */
function mergeRatioRows<
  T extends {
    readonly ratio: number;
    readonly ratioRange?: readonly [number, number];
    readonly runRatios?: readonly number[];
  },
>(rows: readonly T[]): T {
  const ratios = rows.map((row) => row.ratio);
  const shown = nearestMedian(rows, (row) => row.ratio);
  const blocks = union(rows.map((row) => row.ratioRange));
  return {
    ...shown,
    ratio: median(ratios),
    ...(blocks === undefined ? {} : { ratioRange: blocks }),
    runRatios: ratios,
  };
}

/** Throughput over the same operation's single caller, in the same run. */
function speedups(
  runs: readonly TargetResult[],
  row: ConcurrencyRow,
  variant: 'store' | 'raw',
): number[] {
  return runs.flatMap((run) => {
    const many = run.concurrency.find(
      (r) => r.operation === row.operation && r.callers === row.callers,
    );
    const one = run.concurrency.find((r) => r.operation === row.operation && r.callers === 1);
    return many && one ? [many[variant].opsPerSecond / one[variant].opsPerSecond] : [];
  });
}

function mergeTarget(runs: readonly TargetResult[]): TargetResult {
  const [first] = runs as [TargetResult];
  const same = <T extends { operation: string }>(
    pick: (run: TargetResult) => readonly T[] | undefined,
    matches: (a: T, b: T) => boolean,
    row: T,
  ) => runs.flatMap((run) => (pick(run) ?? []).filter((other) => matches(other, row)));
  return {
    ...first,
    pairs: first.pairs.map((row) =>
      mergeRatioRows(
        same(
          (run) => run.pairs,
          (a, b) => a.operation === b.operation && a.size === b.size,
          row,
        ),
      ),
    ),
    concurrency: first.concurrency.map((row) =>
      row.callers === 1
        ? row
        : {
            ...row,
            runSpeedups: { store: speedups(runs, row, 'store'), raw: speedups(runs, row, 'raw') },
          },
    ),
    ...(first.peers === undefined
      ? {}
      : {
          peers: first.peers.map((row) =>
            mergeRatioRows(
              same(
                (run) => run.peers,
                (a, b) => a.peer === b.peer && a.operation === b.operation,
                row,
              ),
            ),
          ),
        }),
  };
}

/** One load's results over runs: the run nearest the median p99 ratio, every round's ratio. */
function mergeLoad<T extends ProcessesLoad>(
  measured: readonly T[],
): T & { readonly runP99Ratios: readonly number[] } {
  const p99Ratio = (p: ProcessesLoad) => p.store.p99Us / p.raw.p99Us;
  return {
    ...nearestMedian(measured, p99Ratio),
    roundP99Ratios: measured.flatMap((p) => p.roundP99Ratios),
    runP99Ratios: measured.map(p99Ratio),
  };
}

function mergeProcesses(
  results: readonly BenchResults[],
): BenchResults['sqliteProcesses'] | undefined {
  const measured = results
    .map((r) => r.sqliteProcesses)
    .filter((p): p is SqliteProcessesResult => p !== undefined && !('reason' in p));
  if (measured.length === 0) return results[0]?.sqliteProcesses;
  const { paced: _shown, ...backToBack } = mergeLoad(measured);
  // A paced load is merged when every run measured it (runs saved before had none).
  const rates = measured[0]?.paced?.map((load) => load.ratePerProcess) ?? [];
  const paced = rates.flatMap((rate) => {
    const runs = measured.flatMap((p) => p.paced?.filter((l) => l.ratePerProcess === rate) ?? []);
    return runs.length === measured.length ? [mergeLoad(runs)] : [];
  });
  return { ...backToBack, ...(paced.length === 0 ? {} : { paced }) };
}

/**
 * Several runs of the same benchmark as one result: each ratio is the median over runs (the
 * samples shown are those of the run nearest it), with the spread over runs next to the spread
 * over blocks of all runs. Counts (server time, call counts, heap, seeding) are the first run's.
 */
export function acrossRuns(results: readonly BenchResults[]): BenchResults {
  const [first] = results;
  if (first === undefined) throw new Error('acrossRuns needs at least one run');
  if (results.length === 1) return first;
  const runs: RunInfo[] = results.flatMap((r) => r.runs ?? [runInfo(r)]);
  return {
    ...first,
    durationMs: results.reduce((sum, r) => sum + r.durationMs, 0),
    runs,
    targets: first.targets.map((target) =>
      mergeTarget(
        results.flatMap((r) => r.targets.filter((other) => other.target === target.target)),
      ),
    ),
    skipped: [
      ...new Map(
        results.flatMap((r) => r.skipped).map((s) => [`${s.target}\n${s.reason}`, s]),
      ).values(),
    ],
    sqliteProcesses: mergeProcesses(results),
  };
}

/** When one run started, how long it took, and the load it ran at. */
export function runInfo(results: BenchResults): RunInfo {
  return {
    startedAt: results.startedAt,
    durationMs: results.durationMs,
    loadAverageAtStart: results.loadAverageAtStart,
    ...(results.loadAverageAtEnd === undefined
      ? {}
      : { loadAverageAtEnd: results.loadAverageAtEnd }),
  };
}

/** `1.21x–1.40x over 3 runs`-style text, or `—` for a single run. */
export function runSpread(values: readonly number[] | undefined, times: (n: number) => string) {
  if (values === undefined || values.length < 2) return '—';
  const [low, high] = range(values);
  return `${times(low)}–${times(high)}`;
}
