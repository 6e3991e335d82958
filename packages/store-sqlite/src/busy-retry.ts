import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long one attempt lets SQLite wait for another connection's lock. better-sqlite3 is
 * synchronous: SQLite's own busy wait blocks the event loop for all of it, so the store's
 * connections wait only this long per attempt and retry asynchronously in between.
 */
export const BUSY_SLICE_MS = 20;

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/**
 * Runs `work`, and while it fails because another connection holds the lock, again after a
 * short asynchronous pause, until `budgetMs` has passed or `signal` is aborted (the store's
 * operation timeout): then the last busy error is thrown. Without a budget (a caller's
 * database, whose busy timeout is theirs), `work` runs once.
 */
export async function whileBusy<T>(
  work: () => T,
  budgetMs: number | undefined,
  options?: { readonly signal?: AbortSignal },
): Promise<T> {
  const giveUp = performance.now() + (budgetMs ?? 0);
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      // The signal is read only here: core makes it on first read, and this path is rare.
      if (!isBusy(error) || budgetMs === undefined) throw error;
      if (options?.signal?.aborted || performance.now() >= giveUp) throw error;
    }
    await sleep(Math.random() * Math.min(50, 5 * (attempt + 1)));
  }
}

/** A short pause of this thread, for the synchronous paths (a constructor) that must wait. */
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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
    pauseSync(Math.random() * Math.min(50, 5 * (attempt + 1)));
  }
}
