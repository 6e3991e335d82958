import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The busy timeout of the store's own connections: none. SQLite's busy handler sleeps 1, 2, 5,
 * 10 ms … between looks at the lock, blocking the event loop (better-sqlite3 is synchronous) and
 * missing every release in between: with a 20 ms slice, 1–2 % of the saves of 4 writer
 * processes waited a whole slice (p99 25 ms against 0.44 ms raw). The store looks itself, on
 * the schedule below.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 0;

/**
 * Synchronous pauses (ms) between the first looks at a lock another connection holds: another
 * process's write transaction is over in a fraction of a millisecond, so the first looks come
 * that soon. 0.75 ms in all: the event loop is blocked no longer than that.
 */
const SYNC_PAUSES_MS = [0.05, 0.1, 0.2, 0.4] as const;

/**
 * Asynchronous pauses (ms) after those, the last one repeating. They stop growing at 5 ms:
 * SQLite's own grow to 100 ms, and a process that waits that long between looks keeps losing
 * the lock to processes that write back to back. With 4 processes writing back to back, pauses
 * growing to 100 ms let one update wait 0.5–1.3 s and one process get 450 updates through in
 * 3 s while another got 4,700; with this schedule the slowest update waited 85–117 ms and every
 * process got 1,340–2,220 through. A look costs a few microseconds. Each pause is drawn from
 * ±25 % around its value, so that processes that collided do not look again in step.
 */
const ASYNC_PAUSES_MS = [1, 1, 2, 2, 3, 5] as const;

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/** A short pause of this thread, for the synchronous paths that must wait. */
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `work`, and while it fails because another connection holds the lock, again after
 * the short synchronous pauses of {@link SYNC_PAUSES_MS} that fit in `budgetMs`: then the
 * busy error is thrown (for the caller to wait asynchronously).
 */
export function whileBusyNow<T>(work: () => T, budgetMs: number): T {
  let waited = 0;
  for (const pause of SYNC_PAUSES_MS) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || waited + pause > budgetMs) throw error;
    }
    pauseSync(pause);
    waited += pause;
  }
  return work();
}

/** The asynchronous pause after the `attempt`th failed asynchronous look. */
function asyncPauseMs(attempt: number): number {
  const base = ASYNC_PAUSES_MS[Math.min(attempt, ASYNC_PAUSES_MS.length - 1)] as number;
  return base * (0.75 + Math.random() * 0.5);
}

/**
 * Runs `work` ({@link whileBusyNow} first), and while it fails because another connection
 * holds the lock, again after growing asynchronous pauses, until `budgetMs` has passed or
 * `signal` is aborted (the store's operation timeout), which also ends a pause at once: then
 * the last busy error is thrown. Without a budget (a caller's database, whose busy timeout is
 * theirs), `work` runs once.
 */
export async function whileBusy<T>(
  work: () => T,
  budgetMs: number | undefined,
  options?: { readonly signal?: AbortSignal },
): Promise<T> {
  if (budgetMs === undefined) return work();
  const giveUp = performance.now() + budgetMs;
  let last: unknown;
  try {
    return whileBusyNow(work, budgetMs);
  } catch (error) {
    if (!isBusy(error)) throw error;
    last = error;
  }
  for (let attempt = 0; ; attempt++) {
    // The signal is read only here: core makes it on first read, and this path is rare.
    const signal = options?.signal;
    const left = giveUp - performance.now();
    if (signal?.aborted || left <= 0) throw last;
    try {
      await sleep(Math.min(asyncPauseMs(attempt), left), undefined, { signal });
    } catch {
      throw last; // aborted: the busy error says why the call did not get through
    }
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      last = error;
    }
  }
}

/**
 * {@link whileBusy} for synchronous work (opening a database in a constructor): the pauses
 * block this thread, so it is only for work that happens once per store.
 */
export function whileBusySync<T>(work: () => T, budgetMs: number): T {
  const giveUp = performance.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= giveUp) throw error;
    }
    pauseSync(Math.min(asyncPauseMs(attempt), Math.max(0, giveUp - performance.now())));
  }
}
