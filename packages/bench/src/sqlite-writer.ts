/**
 * One writer process of the SQLite multi-process benchmark (started by `sqlite-processes.ts`):
 * opens the file, says `ready`, waits for `go` on stdin, then updates random tokens of the
 * shared pool for the given time and prints its latencies (nanoseconds) as JSON.
 * Usage: sqlite-writer <file> <store|raw> <ms> <pool> <seed> [rate]
 *
 * Without a rate, each update starts when the last one ends (a closed loop). With a rate (updates
 * per second), update i is due at i / rate, and its latency runs from when it was due, so an
 * update held up behind a slow one counts the wait (an open loop: a process that is starved
 * shows up in every update it owed, not just in the one that waited).
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchToken } from './token-fixtures.js';

const [file, variant, ms, pool, seed, rate] = process.argv.slice(2) as [
  string,
  'store' | 'raw',
  string,
  string,
  string,
  string | undefined,
];

async function open(): Promise<(n: number, round: number) => Promise<unknown> | unknown> {
  if (variant === 'store') {
    const { SqliteTokenStore } = await import('@tokenstore/store-sqlite');
    const store = new SqliteTokenStore({ filename: file, table: 'tokens' });
    return (n, round) => {
      const t = benchToken(n);
      return store.saveToken({
        userName: t.userName,
        accessToken: `${t.accessToken}.p${seed}.${round}`,
        expiresAt: round,
      });
    };
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(file, { timeout: 5000 });
  db.pragma('synchronous = FULL');
  db.pragma('journal_mode = WAL');
  const update = db.prepare(
    'UPDATE raw_tokens SET access_token = ?, expires_at = ?, version = version + 1 WHERE user_name = ?',
  );
  return (n, round) => {
    const t = benchToken(n);
    return update.run(`${t.accessToken}.p${seed}.${round}`, round, t.userName);
  };
}

async function main(): Promise<void> {
  const write = await open();
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
  let state = Number(seed) * 7919 + 1;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % Number(pool);
  };
  const latencies: number[] = [];
  const begun = performance.now();
  const until = begun + Number(ms);
  const intervalMs = rate === undefined ? 0 : 1000 / Number(rate);
  for (let round = 0; performance.now() < until; round++) {
    let started = performance.now();
    if (intervalMs > 0) {
      const due = begun + round * intervalMs;
      if (due > started) {
        // Ahead of schedule: wait, and time from waking (a late timer is not the store's).
        await sleep(due - started);
        started = performance.now();
      } else started = due;
    }
    const result = write(next(), round);
    if (result instanceof Promise) await result;
    latencies.push(Math.round((performance.now() - started) * 1e6));
  }
  // Exit only once the latencies are out: stdout to a pipe is written asynchronously here, and
  // an exit right after the write cut a quiet machine's 146 KB of JSON short.
  process.stdout.write(`${JSON.stringify(latencies)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
