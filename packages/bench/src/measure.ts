import { LatencyLog, quantile, type Sample } from './stats.js';

/**
 * One operation of a benchmark. `i` counts calls from 0, so the operation can pick a different
 * token each time. A synchronous operation (a `Map` lookup) is timed without an `await`.
 */
export type Operation = (i: number) => unknown;

/** How long to measure one variant of one operation. */
export interface Budget {
  /**
   * Calls before timing starts, for each variant (JIT, caches, connection pools); warm-up also
   * stops after a fifth of `timeMs`, so a slow backend is not warmed for minutes.
   */
  readonly warmupOps: number;
  /** Time each variant gets, summed over its rounds, in milliseconds. */
  readonly timeMs: number;
  /** Upper bound on timed calls per variant (inserts grow the store: keep them bounded). */
  readonly maxOps: number;
  /** Calls per variant per round; the variants alternate every round. */
  readonly roundOps: number;
}

/** The store's and the raw driver's samples of one operation, measured in the same rounds. */
export interface PairSample {
  readonly store: Sample;
  readonly raw: Sample;
  /**
   * Store p50 over raw p50 in each block of consecutive rounds (both variants ran in every
   * block): the spread of these is the spread of the ratio within the run.
   */
  readonly blockRatios?: readonly number[];
}

/** Blocks the rounds of one measurement are cut into for the ratio's spread. */
export const BLOCKS = 6;

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  return quantile(sorted, 0.5);
}

/** Ratio of medians per block of rounds; `ends` holds each round's end index into the log. */
function blockRatios(
  store: LatencyLog,
  raw: LatencyLog,
  ends: { store: number[]; raw: number[] },
): number[] {
  const rounds = Math.min(ends.store.length, ends.raw.length);
  const blocks = Math.min(BLOCKS, rounds);
  const ratios: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const from = Math.floor((b * rounds) / blocks);
    const to = Math.floor(((b + 1) * rounds) / blocks) - 1;
    const slice = (log: LatencyLog, at: number[]) =>
      log.values().subarray(from === 0 ? 0 : (at[from - 1] as number), at[to] as number);
    const s = slice(store, ends.store);
    const r = slice(raw, ends.raw);
    if (s.length > 0 && r.length > 0) ratios.push(median(s) / median(r));
  }
  return ratios;
}

async function timeOne(operation: Operation, i: number, log: LatencyLog): Promise<void> {
  const started = process.hrtime.bigint();
  const result = operation(i);
  if (result instanceof Promise) await result;
  log.push(Number(process.hrtime.bigint() - started));
}

/**
 * Measures the store and the raw variant of one operation interleaved: short rounds of each in
 * turn (the one that goes first alternates), so a noisy neighbour on this shared machine slows
 * both alike instead of whichever happened to run at the time.
 */
export async function measurePair(
  store: Operation,
  raw: Operation,
  budget: Budget,
): Promise<PairSample> {
  const counters = { store: 0, raw: 0 };
  const warmUntil = performance.now() + budget.timeMs / 5;
  for (let n = 0; n < budget.warmupOps && performance.now() < warmUntil; n++) {
    const s = store(counters.store++);
    if (s instanceof Promise) await s;
    const r = raw(counters.raw++);
    if (r instanceof Promise) await r;
  }
  const logs = { store: new LatencyLog(), raw: new LatencyLog() };
  const limitNs = budget.timeMs * 1e6;
  const ends: { store: number[]; raw: number[] } = { store: [], raw: [] };
  const done = (which: 'store' | 'raw') =>
    logs[which].length >= budget.maxOps || logs[which].total() >= limitNs;
  // Both variants run the same rounds and stop together, when the first of them has used its
  // budget: letting the cheaper one run on alone compared the store's interleaved rounds with
  // raw rounds that ran after the store had stopped (a quiet run's memory find: 1.59x over
  // all rounds against 1.15-1.27x in every block).
  for (let round = 0; !(done('store') || done('raw')); round++) {
    const order: ('store' | 'raw')[] = round % 2 === 0 ? ['store', 'raw'] : ['raw', 'store'];
    const ops = Math.min(budget.roundOps, budget.maxOps - logs.store.length);
    for (const which of order) {
      const operation = which === 'store' ? store : raw;
      for (let n = 0; n < ops; n++) await timeOne(operation, counters[which]++, logs[which]);
      ends[which].push(logs[which].length);
    }
  }
  return {
    store: logs.store.summarize(),
    raw: logs.raw.summarize(),
    blockRatios: blockRatios(logs.store, logs.raw, ends),
  };
}

/**
 * Runs `callers` concurrent loops of `operation` for about `timeMs` of wall time and returns
 * the throughput over that wall time, with each call's latency.
 */
export async function measureConcurrent(
  operation: Operation,
  callers: number,
  timeMs: number,
  start: number,
): Promise<{ log: LatencyLog; wallNs: number }> {
  const log = new LatencyLog();
  let next = start;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(timeMs * 1e6));
  const caller = async () => {
    while (process.hrtime.bigint() < deadline) await timeOne(operation, next++, log);
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { log, wallNs: Number(process.hrtime.bigint() - started) };
}

/**
 * The store and the raw variant with `callers` concurrent callers each, in alternating slices
 * of wall time (`rounds` slices each), throughput over the summed wall time.
 */
export async function measureConcurrentPair(
  store: Operation,
  raw: Operation,
  callers: number,
  timeMs: number,
  rounds: number,
): Promise<PairSample> {
  type Slice = { log: LatencyLog; wallNs: number };
  const slices: { store: Slice[]; raw: Slice[] } = { store: [], raw: [] };
  let counter = 0;
  for (let round = 0; round < rounds; round++) {
    const order: ('store' | 'raw')[] = round % 2 === 0 ? ['store', 'raw'] : ['raw', 'store'];
    for (const which of order) {
      const operation = which === 'store' ? store : raw;
      const slice = await measureConcurrent(operation, callers, timeMs / rounds, counter);
      counter += slice.log.length + callers;
      slices[which].push(slice);
    }
  }
  const merge = (parts: Slice[]): Sample => {
    const all = new LatencyLog();
    let wall = 0;
    for (const part of parts) {
      wall += part.wallNs;
      for (const value of part.log.values()) all.push(value);
    }
    return all.summarize(wall);
  };
  return { store: merge(slices.store), raw: merge(slices.raw) };
}
