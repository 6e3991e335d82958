import type { Budget } from './measure.js';

/** How big and how long a run is. */
export interface Profile {
  readonly name: 'full' | 'quick' | 'smoke';
  /** Whole runs by default: ratios are reported as their median over runs, with the spread. */
  readonly runs: number;
  /** Stored-token counts to measure finds at, smallest first; the first is the overhead table's. */
  readonly sizes: readonly number[];
  /** Tokens updated by the update benchmark (finds use the others, so they still match). */
  readonly updatePool: number;
  /** Per variant per operation. */
  readonly budget: Budget;
  /** Inserts are bounded (and removed afterwards) so the store keeps its size. */
  readonly insertBudget: Budget;
  /** tokens() reads the whole store per call. */
  readonly scanBudget: Budget;
  /** Wall time per variant per caller count in the concurrency comparison, ms. */
  readonly concurrencyMs: number;
  /** Alternating store/raw slices per caller count (each slice waits for its slowest call). */
  readonly concurrencyRounds: number;
  /** Concurrent caller counts compared. */
  readonly callers: readonly number[];
  /** Tokens stored for the heap measurement of the memory store (0: skip). */
  readonly heapTokens: number;
  /** Tokens stored on the Secrets Manager emulator before counting calls again (0: skip). */
  readonly secretsManagerTokens: number;
  /**
   * SQLite writer processes on one file: how many, tokens, ms per round, rounds (0: skip), and
   * for each paced load (an open loop), the updates per second each process is paced at.
   */
  readonly sqliteProcesses: {
    readonly processes: number;
    readonly tokens: number;
    readonly ms: number;
    readonly rounds: number;
    readonly pacedRates?: readonly number[];
  };
}

export const PROFILES: Readonly<Record<Profile['name'], Profile>> = {
  full: {
    name: 'full',
    runs: 2,
    sizes: [1_000, 100_000, 1_000_000],
    updatePool: 300,
    budget: { warmupOps: 500, timeMs: 1_500, maxOps: 1_000_000, roundOps: 200 },
    insertBudget: { warmupOps: 200, timeMs: 1_500, maxOps: 5_000, roundOps: 100 },
    scanBudget: { warmupOps: 2, timeMs: 1_500, maxOps: 200, roundOps: 2 },
    concurrencyMs: 3_000,
    concurrencyRounds: 4,
    callers: [1, 64],
    heapTokens: 100_000,
    secretsManagerTokens: 1_000,
    // 4 × 100 and 4 × 250 updates/s: about a quarter and about half of what 4 store processes
    // got through back to back on this machine class (1,100–2,300/s): below both variants' rate,
    // so that a p99 measures waits, not a queue that grows for the whole round.
    sqliteProcesses: { processes: 4, tokens: 1_000, ms: 3_000, rounds: 4, pacedRates: [100, 250] },
  },
  quick: {
    name: 'quick',
    runs: 1,
    sizes: [1_000, 20_000],
    updatePool: 300,
    budget: { warmupOps: 200, timeMs: 250, maxOps: 200_000, roundOps: 100 },
    insertBudget: { warmupOps: 100, timeMs: 250, maxOps: 1_000, roundOps: 50 },
    scanBudget: { warmupOps: 1, timeMs: 250, maxOps: 50, roundOps: 2 },
    concurrencyMs: 600,
    concurrencyRounds: 2,
    callers: [1, 64],
    heapTokens: 50_000,
    secretsManagerTokens: 60,
    sqliteProcesses: { processes: 4, tokens: 500, ms: 1_500, rounds: 2, pacedRates: [100, 250] },
  },
  smoke: {
    name: 'smoke',
    runs: 1,
    sizes: [200, 400],
    updatePool: 50,
    budget: { warmupOps: 10, timeMs: 15, maxOps: 200, roundOps: 20 },
    insertBudget: { warmupOps: 5, timeMs: 15, maxOps: 50, roundOps: 10 },
    scanBudget: { warmupOps: 1, timeMs: 15, maxOps: 5, roundOps: 1 },
    concurrencyMs: 50,
    concurrencyRounds: 2,
    callers: [1, 8],
    heapTokens: 0,
    secretsManagerTokens: 0,
    sqliteProcesses: { processes: 0, tokens: 0, ms: 0, rounds: 0 },
  },
};
