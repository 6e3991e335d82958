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

/** Several OS processes updating tokens in one SQLite file: the store against raw statements. */
export interface SqliteProcessesResult {
  readonly processes: number;
  readonly tokens: number;
  readonly store: Sample;
  readonly raw: Sample;
  /** Store p99 over raw p99 in each round (the variants alternate rounds). */
  readonly roundP99Ratios: readonly number[];
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

async function round(
  file: string,
  variant: 'store' | 'raw',
  processes: number,
  ms: number,
  tokens: number,
  seed: number,
): Promise<number[]> {
  const writers = Array.from({ length: processes }, (_, p) =>
    startWriter([file, variant, String(ms), String(tokens), String(seed * 100 + p)]),
  );
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin?.write('go\n');
  return (await Promise.all(writers.map((w) => w.done))).flat();
}

/**
 * Seeds `tokens` tokens into a store table and a raw table of one file, then runs `rounds`
 * rounds of `processes` writer processes for each variant, alternating, `ms` each.
 */
export async function measureSqliteProcesses(
  options: { processes: number; tokens: number; ms: number; rounds: number },
  log: Log,
): Promise<SqliteProcessesResult> {
  const { processes, tokens, ms, rounds } = options;
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

    const logs = { store: new LatencyLog(), raw: new LatencyLog() };
    const walls = { store: 0, raw: 0 };
    const roundP99Ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const p99 = { store: 0, raw: 0 };
      for (const variant of r % 2 === 0
        ? (['store', 'raw'] as const)
        : (['raw', 'store'] as const)) {
        log(`sqlite: ${processes} writer processes, ${variant}, round ${r + 1} of ${rounds}`);
        const latencies = await round(file, variant, processes, ms, tokens, r);
        const one = new LatencyLog();
        for (const ns of latencies) {
          logs[variant].push(ns);
          one.push(ns);
        }
        walls[variant] += ms * 1e6;
        p99[variant] = one.summarize().p99Us;
      }
      roundP99Ratios.push(p99.store / p99.raw);
    }
    return {
      processes,
      tokens,
      store: logs.store.summarize(walls.store),
      raw: logs.raw.summarize(walls.raw),
      roundP99Ratios,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
