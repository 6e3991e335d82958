import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from './run-target.js';
import { LatencyLog, type Sample } from './stats.js';
import { RAW_FIELDS, RAW_PLACEHOLDERS, rawRow } from './targets/raw-table.js';
import { seedRecord } from './targets/seed-record.js';
import { createRawTable } from './targets/sqlite.js';
import { benchToken } from './token-fixtures.js';

/** One variant's latencies under one load, with what shows whether some process was starved. */
export interface ProcessesSample extends Sample {
  /** The fewest and most updates per second that one process got through in a round. */
  readonly perProcessOpsPerSecond?: readonly [number, number];
  /** The slowest update. */
  readonly maxUs?: number;
}

/** The store against raw statements under one load. */
export interface ProcessesLoad {
  /** Updates per second each process is paced at (an open loop); absent: back to back. */
  readonly ratePerProcess?: number;
  readonly store: ProcessesSample;
  readonly raw: ProcessesSample;
  /** Store p99 over raw p99 in each round (the variants alternate rounds). */
  readonly roundP99Ratios: readonly number[];
}

/**
 * Several OS processes updating tokens in one SQLite file: the store against raw statements,
 * back to back (the top-level samples) and, in `paced`, at fixed rates per process.
 */
export interface SqliteProcessesResult extends ProcessesLoad {
  readonly processes: number;
  readonly tokens: number;
  readonly paced?: readonly ProcessesLoad[];
}

const here = dirname(fileURLToPath(import.meta.url));

function startWriter(args: string[]): {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<number[]>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'sqlite-writer.ts'), ...args],
    {
      cwd: join(here, '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let buffer = '';
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve;
  });
  const done = new Promise<number[]>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.startsWith('ready\n')) {
        buffer = buffer.slice('ready\n'.length);
        signalReady();
      }
    });
    // 'close', not 'exit': a process can exit before its parent has read all of its stdout
    // (a round's latencies are 100+ KB of JSON), and a parse on 'exit' then meets half of it.
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`sqlite writer exited with ${code}`));
      else resolve(JSON.parse(buffer.trim()) as number[]);
    });
  });
  return { child, ready, done };
}

/** One round of `processes` writers of one variant: each process's latencies (ns). */
async function round(
  file: string,
  variant: 'store' | 'raw',
  processes: number,
  ms: number,
  tokens: number,
  seed: number,
  ratePerProcess: number | undefined,
): Promise<number[][]> {
  const rate = ratePerProcess === undefined ? [] : [String(ratePerProcess)];
  const writers = Array.from({ length: processes }, (_, p) =>
    startWriter([file, variant, String(ms), String(tokens), String(seed * 100 + p), ...rate]),
  );
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin?.write('go\n');
  return Promise.all(writers.map((w) => w.done));
}

/** Latencies of one variant over the rounds of one load. */
class VariantLog {
  readonly #log = new LatencyLog();
  #wallNs = 0;
  #fewest = Number.POSITIVE_INFINITY;
  #most = 0;
  #maxNs = 0;

  /** Adds a round of `ms` and returns its p99 (µs). */
  addRound(perProcess: readonly number[][], ms: number): number {
    const one = new LatencyLog();
    for (const latencies of perProcess) {
      const perSecond = latencies.length / (ms / 1000);
      this.#fewest = Math.min(this.#fewest, perSecond);
      this.#most = Math.max(this.#most, perSecond);
      for (const ns of latencies) {
        this.#log.push(ns);
        one.push(ns);
        if (ns > this.#maxNs) this.#maxNs = ns;
      }
    }
    this.#wallNs += ms * 1e6;
    return one.summarize().p99Us;
  }

  summarize(): ProcessesSample {
    return {
      ...this.#log.summarize(this.#wallNs),
      perProcessOpsPerSecond: [this.#fewest, this.#most],
      maxUs: this.#maxNs / 1e3,
    };
  }
}

/** `rounds` rounds of each variant, alternating which goes first. */
async function measureLoad(
  file: string,
  options: { processes: number; tokens: number; ms: number; rounds: number },
  ratePerProcess: number | undefined,
  log: Log,
): Promise<ProcessesLoad> {
  const { processes, tokens, ms, rounds } = options;
  const logs = { store: new VariantLog(), raw: new VariantLog() };
  const roundP99Ratios: number[] = [];
  const load = ratePerProcess === undefined ? 'back to back' : `${ratePerProcess}/s each`;
  for (let r = 0; r < rounds; r++) {
    const p99 = { store: 0, raw: 0 };
    for (const variant of r % 2 === 0 ? (['store', 'raw'] as const) : (['raw', 'store'] as const)) {
      log(
        `sqlite: ${processes} writer processes, ${load}, ${variant}, round ${r + 1} of ${rounds}`,
      );
      const perProcess = await round(file, variant, processes, ms, tokens, r, ratePerProcess);
      p99[variant] = logs[variant].addRound(perProcess, ms);
    }
    roundP99Ratios.push(p99.store / p99.raw);
  }
  return {
    ...(ratePerProcess === undefined ? {} : { ratePerProcess }),
    store: logs.store.summarize(),
    raw: logs.raw.summarize(),
    roundP99Ratios,
  };
}

/**
 * Seeds `tokens` tokens into a store table and a raw table of one file, then runs `rounds`
 * rounds of `processes` writer processes for each variant, alternating, `ms` each: back to
 * back, then paced at each of `pacedRates`.
 */
export async function measureSqliteProcesses(
  options: {
    processes: number;
    tokens: number;
    ms: number;
    rounds: number;
    pacedRates?: readonly number[];
  },
  log: Log,
): Promise<SqliteProcessesResult> {
  const { processes, tokens, pacedRates = [] } = options;
  const { SqliteBackend, SqliteTokenStore } = await import('@tokenstore/store-sqlite');
  const { default: Sqlite } = await import('better-sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'tokenstore-bench-processes-'));
  const file = join(dir, 'writers.db');
  try {
    const store = new SqliteTokenStore({ filename: file, table: 'tokens' });
    await store.findTokenById('set-up'); // creates the table
    await store.close();
    const db = new Sqlite(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    createRawTable(db);
    const backend = new SqliteBackend({ db, table: 'tokens', owned: false });
    const insertRaw = db.prepare(
      `INSERT INTO raw_tokens (${RAW_FIELDS}) VALUES (${RAW_PLACEHOLDERS})`,
    );
    db.transaction(() => {
      for (let i = 0; i < tokens; i++) {
        const t = benchToken(i);
        void backend.insert(seedRecord(t));
        insertRaw.run(rawRow(t));
      }
    })();
    db.close();

    const backToBack = await measureLoad(file, options, undefined, log);
    const paced: ProcessesLoad[] = [];
    for (const rate of pacedRates) paced.push(await measureLoad(file, options, rate, log));
    return { processes, tokens, ...backToBack, ...(paced.length === 0 ? {} : { paced }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
