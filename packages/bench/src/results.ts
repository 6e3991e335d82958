import type { ProcessesLoad, SqliteProcessesResult } from './sqlite-processes.js';
import type { Sample } from './stats.js';

/** One operation measured through the store and the raw driver at one store size. */
export interface PairRow {
  readonly target: string;
  readonly operation: string;
  /** Tokens stored while it was measured. */
  readonly size: number;
  readonly store: Sample;
  readonly raw: Sample;
  /**
   * Store time per operation over raw time per operation, by median latency: on a shared,
   * noisy machine a few long pauses move the mean (and ops/s) far more than the median.
   */
  readonly ratio: number;
  /** Lowest and highest store/raw ratio over blocks of rounds (see `PairSample.blockRatios`). */
  readonly ratioRange?: readonly [number, number];
  /** The ratio of each run, when several runs were merged (see `acrossRuns`). */
  readonly runRatios?: readonly number[];
}

/** Throughput with this many concurrent callers. */
export interface ConcurrencyRow {
  readonly target: string;
  readonly operation: string;
  readonly callers: number;
  readonly store: Sample;
  readonly raw: Sample;
  /** Throughput over the single caller's, in each run, when several runs were merged. */
  readonly runSpeedups?: { readonly store: readonly number[]; readonly raw: readonly number[] };
}

/** Server-side cost of one operation run alone (Redis `INFO commandstats`). */
export interface ServerRow {
  readonly target: string;
  readonly operation: string;
  readonly variant: 'store' | 'raw';
  readonly ops: number;
  /** Commands the client sent per operation: round trips, as each call waits for its reply. */
  readonly roundTrips: number;
  /** Server microseconds per operation, over the commands the client sent. */
  readonly serverUs: number;
  /** Each command the client sent: calls per operation and server microseconds per call. */
  readonly commands: Readonly<
    Record<string, { readonly perOp: number; readonly usPerCall: number }>
  >;
}

/** The store against another library's store, interleaved, on the same backend. */
export interface PeerRow {
  readonly target: string;
  readonly peer: string;
  readonly operation: string;
  readonly store: Sample;
  readonly peerSample: Sample;
  /** Store p50 over the peer's p50: below 1, the store is faster. */
  readonly ratio: number;
  readonly ratioRange?: readonly [number, number];
  /** The ratio of each run, when several runs were merged. */
  readonly runRatios?: readonly number[];
}

/** A peer measured on a target, and what it does less than the store. */
export interface PeerNote {
  readonly target: string;
  readonly peer: string;
  readonly packageName: string;
  readonly doesLess: string;
}

/** How long bulk seeding took from `from` to `to` stored tokens. */
export interface SeedingRow {
  readonly target: string;
  readonly from: number;
  readonly to: number;
  /** Writing the store's records through its backend. */
  readonly storeMs: number;
  /** Writing the raw variant's rows. */
  readonly rawMs: number;
}

/** A target that could not run, and why. */
export interface SkippedTarget {
  readonly target: string;
  readonly reason: string;
  /** True when it started but failed while running (the run then exits non-zero). */
  readonly failed?: true;
}

/** What one target measured. */
export interface TargetResult {
  readonly target: string;
  readonly rawLabel: string;
  readonly sizes: readonly number[];
  readonly maxTokensWhy: string;
  readonly pairs: readonly PairRow[];
  readonly concurrency: readonly ConcurrencyRow[];
  readonly seeding: readonly SeedingRow[];
  readonly server?: readonly ServerRow[];
  readonly peers?: readonly PeerRow[];
  readonly peerNotes?: readonly PeerNote[];
  /** Why the peers could not run here, when they could not. */
  readonly peersSkipped?: string;
}

/** Heap held by stored tokens. */
export interface HeapResult {
  readonly tokens: number;
  /** Bytes of heap per 100k tokens in a MemoryTokenStore. */
  readonly storePer100k: number;
  /** Bytes of heap per 100k tokens in the raw Maps. */
  readonly rawPer100k: number;
}

/** Calls one Secrets Manager operation made, against what the README documents. */
export interface CallCountRow {
  readonly operation: string;
  /** Tokens stored when it was counted. */
  readonly size: number;
  readonly counted: Readonly<Record<string, number>>;
  readonly documented: Readonly<Record<string, number>> | undefined;
}

export interface SecretsManagerResult {
  readonly calls: readonly CallCountRow[];
  /** Seeding through saveToken on the emulator (its speed says nothing about AWS). */
  readonly seeded: { readonly tokens: number; readonly ms: number } | undefined;
}

/** Each run's store p99 over raw p99 for one load, when runs were merged. */
export interface RunP99Ratios {
  readonly runP99Ratios?: readonly number[];
}

/** The writer-process measurement, with each load's ratio in each run when runs were merged. */
export type ProcessesAcrossRuns = SqliteProcessesResult &
  RunP99Ratios & {
    readonly paced?: readonly (ProcessesLoad & RunP99Ratios)[];
  };

/** One of several runs merged into one result. */
export interface RunInfo {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly loadAverageAtStart: number;
  readonly loadAverageAtEnd?: number;
}

/** Everything one run measured. */
export interface BenchResults {
  readonly profile: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The machine's 1-minute load average when the run started. */
  readonly loadAverageAtStart: number;
  /** The same when it ended. */
  readonly loadAverageAtEnd?: number;
  /** Each run, when several runs were merged into these results. */
  readonly runs?: readonly RunInfo[];
  readonly targets: readonly TargetResult[];
  readonly skipped: readonly SkippedTarget[];
  readonly heap: HeapResult | SkippedTarget | undefined;
  readonly sqliteProcesses?: ProcessesAcrossRuns | SkippedTarget | undefined;
  readonly secretsManager: SecretsManagerResult | SkippedTarget | undefined;
}
