import { isDeepStrictEqual } from 'node:util';
import { median, runSpread } from '../across-runs.js';
import { REFRESH, UPDATE } from '../operations.js';
import type {
  BenchResults,
  HeapResult,
  ProcessesAcrossRuns,
  RunP99Ratios,
  SecretsManagerResult,
  SkippedTarget,
} from '../results.js';
import type { ProcessesLoad, ProcessesSample } from '../sqlite-processes.js';
import { count, micros, size, table, times } from './format.js';
import {
  CONCURRENCY_SPEEDUP,
  overheadTarget,
  PROCESSES_P99,
  REFRESH_ROUND_TRIPS,
  SCRIPT_VS_HSET,
  verdict,
} from './targets.js';

const isSkipped = (value: object): value is SkippedTarget => 'reason' in value;

/** Each operation through the store and through the raw driver, at the smallest size. */
export function overheadTable(results: BenchResults): string {
  const rows = results.targets.flatMap((target) =>
    target.pairs
      .filter((pair) => pair.size === target.sizes[0])
      .map((pair) => {
        const limit = overheadTarget(pair.target, pair.operation);
        return [
          pair.target,
          pair.operation,
          count(pair.store.opsPerSecond),
          micros(pair.store.p50Us),
          micros(pair.store.p99Us),
          count(pair.raw.opsPerSecond),
          micros(pair.raw.p50Us),
          micros(pair.raw.p99Us),
          times(pair.ratio),
          pair.ratioRange === undefined
            ? '—'
            : `${times(pair.ratioRange[0])}–${times(pair.ratioRange[1])}`,
          runSpread(pair.runRatios, times),
          limit === undefined ? '—' : verdict(pair.ratio, limit),
        ];
      }),
  );
  return table(
    [
      'store',
      'operation',
      'store ops/s',
      'p50 µs',
      'p99 µs',
      'raw ops/s',
      'raw p50 µs',
      'raw p99 µs',
      'store/raw (p50)',
      'spread over blocks',
      'spread over runs',
      'target',
    ],
    rows,
  );
}

/**
 * The keyed finds at every size, how the largest compares with the smallest, and the store
 * against raw at the largest: the verdict, since a store's growth alone says little (at the
 * smallest size core's caches of 1,024 rows and digests hold every token sampled; at the
 * largest they miss, and the raw driver slows down with the CPU and page caches too).
 */
export function scalingTable(results: BenchResults): string {
  const sizes = [...new Set(results.targets.flatMap((t) => t.sizes))].sort((a, b) => a - b);
  const rows = results.targets.flatMap((target) => {
    const operations = [
      ...new Set(target.pairs.filter((p) => p.size !== target.sizes[0]).map((p) => p.operation)),
    ];
    return operations.map((operation) => {
      const at = (n: number) => target.pairs.find((p) => p.operation === operation && p.size === n);
      const first = at(target.sizes[0] as number);
      const last = at(target.sizes[target.sizes.length - 1] as number);
      // Medians, like the overhead ratios: robust to the pauses of a shared machine.
      const growth = first && last ? last.store.p50Us / first.store.p50Us : Number.NaN;
      const rawGrowth = first && last ? last.raw.p50Us / first.raw.p50Us : Number.NaN;
      const limit = overheadTarget(target.target, operation);
      return [
        target.target,
        operation,
        ...sizes.map((n) => {
          const pair = at(n);
          return pair === undefined
            ? ''
            : `${count(pair.store.opsPerSecond)} (${micros(pair.store.p50Us)} µs)`;
        }),
        `${times(growth)} (${size(target.sizes[target.sizes.length - 1] as number)})`,
        times(rawGrowth),
        times(growth / rawGrowth),
        last === undefined ? '' : times(last.ratio),
        runSpread(last?.runRatios, times),
        limit === undefined || last === undefined ? '—' : verdict(last.ratio, limit),
      ];
    });
  });
  return table(
    [
      'store',
      'operation',
      ...sizes.map((n) => `${size(n)} tokens: ops/s (p50)`),
      'p50 at largest / at smallest',
      'raw: same',
      'store growth ÷ raw growth',
      'store/raw at largest (p50)',
      'spread over runs',
      'target at largest',
    ],
    rows,
  );
}

/** How long bulk seeding took. */
export function seedingTable(results: BenchResults): string {
  const rows = results.targets.flatMap((target) =>
    target.seeding
      .filter((s) => s.to > s.from)
      .map((s) => [
        target.target,
        `${size(s.from)} → ${size(s.to)}`,
        `${(s.storeMs / 1000).toFixed(1)} s`,
        count(((s.to - s.from) / s.storeMs) * 1000),
        `${(s.rawMs / 1000).toFixed(1)} s`,
      ]),
  );
  return table(['store', 'tokens', 'store seeding', 'tokens/s', 'raw seeding'], rows);
}

/** Throughput with 1 and with many concurrent callers. */
export function concurrencyTable(results: BenchResults): string {
  const rows = results.targets.flatMap((target) =>
    target.concurrency.map((row) => {
      const single = target.concurrency.find(
        (other) => other.operation === row.operation && other.callers === 1,
      );
      const speedup = row.runSpeedups
        ? median(row.runSpeedups.store)
        : single
          ? row.store.opsPerSecond / single.store.opsPerSecond
          : Number.NaN;
      const rawSpeedup = row.runSpeedups
        ? median(row.runSpeedups.raw)
        : single
          ? row.raw.opsPerSecond / single.raw.opsPerSecond
          : Number.NaN;
      const checked = target.target === 'redis' && row.callers > 1;
      return [
        target.target,
        row.operation,
        String(row.callers),
        count(row.store.opsPerSecond),
        micros(row.store.p50Us),
        micros(row.store.p99Us),
        count(row.raw.opsPerSecond),
        row.callers === 1 ? '' : times(speedup),
        row.callers === 1 ? '' : runSpread(row.runSpeedups?.store, times),
        row.callers === 1 ? '' : times(rawSpeedup),
        row.callers === 1 ? '' : runSpread(row.runSpeedups?.raw, times),
        checked ? verdict(speedup, CONCURRENCY_SPEEDUP, true) : '—',
      ];
    }),
  );
  return table(
    [
      'store',
      'operation',
      'callers',
      'store ops/s',
      'p50 µs',
      'p99 µs',
      'raw ops/s',
      'store speedup vs 1',
      'over runs',
      'raw speedup vs 1',
      'over runs',
      'target',
    ],
    rows,
  );
}

/** Heap per 100k tokens. */
export function heapTable(heap: HeapResult | SkippedTarget): string {
  if (isSkipped(heap)) return `Heap not measured: ${heap.reason}`;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return table(
    ['measured with', 'MemoryTokenStore per 100k tokens', 'raw Maps per 100k tokens', 'store/raw'],
    [
      [
        `${count(heap.tokens)} tokens`,
        `${mb(heap.storePer100k)} (${count(heap.storePer100k / 100_000)} B/token)`,
        `${mb(heap.rawPer100k)} (${count(heap.rawPer100k / 100_000)} B/token)`,
        times(heap.storePer100k / heap.rawPer100k),
      ],
    ],
  );
}

function callList(calls: Readonly<Record<string, number>> | undefined): string {
  if (calls === undefined) return '—';
  return Object.entries(calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

const total = (calls: Readonly<Record<string, number>>) =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);

/** API calls per operation, counted, against the documented numbers. */
export function callsTable(result: SecretsManagerResult | SkippedTarget): string {
  if (isSkipped(result)) return `Secrets Manager not counted: ${result.reason}`;
  const rows = result.calls.map((row) => [
    row.operation,
    count(row.size),
    callList(row.counted),
    String(total(row.counted)),
    callList(row.documented),
    row.documented === undefined
      ? '—'
      : isDeepStrictEqual(row.documented, row.counted)
        ? 'yes'
        : '**no**',
  ]);
  return table(
    ['operation', 'tokens stored', 'calls counted', 'total', 'documented', 'matches'],
    rows,
  );
}

/** Targets that did not run. */
export function skippedTable(skipped: readonly SkippedTarget[]): string {
  if (skipped.length === 0) return 'None: every store ran.';
  return table(
    ['store', 'why'],
    skipped.map((s) => [s.target, s.reason.replaceAll('|', '\\|')]),
  );
}

/** Round trips and server time per operation, and each script against the raw update's HSET. */
export function serverTable(results: BenchResults): string | undefined {
  const rows = results.targets.flatMap((target) => {
    const server = target.server ?? [];
    const hset = server.find((r) => r.operation === UPDATE && r.variant === 'raw')?.commands.hset;
    return server.map((row) => {
      const commands = Object.entries(row.commands)
        .map(
          ([name, c]) =>
            `${name.toUpperCase()} ${c.perOp.toFixed(2)} × ${c.usPerCall.toFixed(1)} µs`,
        )
        .join(', ');
      const checks: string[] = [];
      if (row.variant === 'store' && row.operation === REFRESH) {
        const met = row.roundTrips <= REFRESH_ROUND_TRIPS + 0.005;
        checks.push(`round trips ${met ? 'met' : '**missed**'} (≤${REFRESH_ROUND_TRIPS})`);
      }
      if (row.variant === 'store' && hset !== undefined) {
        const worst = Math.max(...Object.values(row.commands).map((c) => c.usPerCall));
        checks.push(
          `script ${times(worst / hset.usPerCall)} of HSET: ${verdict(worst / hset.usPerCall, SCRIPT_VS_HSET)}`,
        );
      }
      return [
        target.target,
        row.operation,
        row.variant,
        row.roundTrips.toFixed(2),
        row.serverUs.toFixed(1),
        commands,
        checks.length === 0 ? '—' : checks.join('; '),
      ];
    });
  });
  if (rows.length === 0) return undefined;
  return table(
    [
      'store',
      'operation',
      'variant',
      'round trips per op',
      'server µs per op',
      'commands sent (per op × server µs per call)',
      'target',
    ],
    rows,
  );
}

/** `12–4,810` updates/s per process, or — for runs saved before it was recorded. */
function perProcess(sample: ProcessesSample): string {
  const range = sample.perProcessOpsPerSecond;
  return range === undefined ? '—' : `${count(range[0])}–${count(range[1])}`;
}

/** The slowest update in ms, or — for runs saved before it was recorded. */
function slowestMs(sample: ProcessesSample): string {
  return sample.maxUs === undefined ? '—' : count(sample.maxUs / 1000);
}

/** One load's row of {@link processesTable}. */
function processesRow(result: ProcessesAcrossRuns, load: ProcessesLoad & RunP99Ratios): string[] {
  const ratio =
    load.runP99Ratios === undefined ? load.store.p99Us / load.raw.p99Us : median(load.runP99Ratios);
  const spread = load.roundP99Ratios;
  return [
    load.ratePerProcess === undefined ? 'back to back' : `paced, ${load.ratePerProcess}/s each`,
    String(result.processes),
    count(result.tokens),
    count(load.store.opsPerSecond),
    perProcess(load.store),
    micros(load.store.p50Us),
    micros(load.store.p99Us),
    slowestMs(load.store),
    count(load.raw.opsPerSecond),
    perProcess(load.raw),
    micros(load.raw.p50Us),
    micros(load.raw.p99Us),
    slowestMs(load.raw),
    times(ratio),
    `${times(Math.min(...spread))}–${times(Math.max(...spread))}`,
    runSpread(load.runP99Ratios, times),
    verdict(ratio, PROCESSES_P99),
  ];
}

/**
 * Several writer processes on one SQLite file: back to back (a closed loop, where a process
 * that is starved adds few samples) and paced (an open loop: latency runs from when an update
 * was due, so a starved process counts in every update it owed).
 */
export function processesTable(result: ProcessesAcrossRuns | SkippedTarget): string {
  if (isSkipped(result)) return `Not measured: ${result.reason}`;
  return table(
    [
      'load',
      'writer processes',
      'tokens',
      'store ops/s',
      'store ops/s per process',
      'store p50 µs',
      'store p99 µs',
      'store slowest ms',
      'raw ops/s',
      'raw ops/s per process',
      'raw p50 µs',
      'raw p99 µs',
      'raw slowest ms',
      'store/raw (p99)',
      'spread over rounds',
      'spread over runs',
      'target',
    ],
    [
      processesRow(result, result),
      ...(result.paced ?? []).map((load) => processesRow(result, load)),
    ],
  );
}

/** The store against other libraries' stores on the same backend. */
export function peersTable(results: BenchResults): string | undefined {
  const rows = results.targets.flatMap((target) =>
    (target.peers ?? []).map((row) => [
      target.target,
      row.peer,
      row.operation,
      micros(row.store.p50Us),
      micros(row.peerSample.p50Us),
      times(row.ratio),
      row.ratioRange === undefined
        ? '—'
        : `${times(row.ratioRange[0])}–${times(row.ratioRange[1])}`,
      runSpread(row.runRatios, times),
      row.ratio < 1 ? 'store faster' : '**store slower**',
    ]),
  );
  const skipped = results.targets
    .filter((t) => t.peersSkipped !== undefined)
    .map((t) => `- ${t.target}: peers not measured: ${t.peersSkipped}`);
  const notes = results.targets.flatMap((t) =>
    (t.peerNotes ?? []).map((n) => `- ${n.peer} (\`${n.packageName}\`) does less: ${n.doesLess}.`),
  );
  if (rows.length === 0 && skipped.length === 0) return undefined;
  return [
    rows.length === 0
      ? ''
      : table(
          [
            'backend',
            'peer',
            'operation',
            'store p50 µs',
            'peer p50 µs',
            'store/peer (p50)',
            'spread over blocks',
            'spread over runs',
            'verdict',
          ],
          rows,
        ),
    [...new Set(notes)].join('\n'),
    skipped.join('\n'),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}
