// What the tests of stalled statements share: a row lock of the test's own, the store's
// connections as the server lists them, and waits that give up instead of hanging.
import type pg from 'pg';

/**
 * Locks the rows of `table` (those `where` picks, every row without it) in a transaction on a
 * connection of `pool`; resolves to the unlock (COMMIT), which may be called more than once.
 */
export async function lockRows(
  pool: pg.Pool,
  table: string,
  where = 'true',
  values: unknown[] = [],
): Promise<() => Promise<void>> {
  const locker = await pool.connect();
  try {
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM "${table}" WHERE ${where} FOR UPDATE`, values);
  } catch (error) {
    locker.release(true);
    throw error;
  }
  let unlocked = false;
  return async () => {
    if (unlocked) return;
    unlocked = true;
    await locker.query('COMMIT');
    locker.release();
  };
}

/** The connections named `name` (`application_name`): how many, and how many run a statement. */
export async function connectionsOf(
  pool: pg.Pool,
  name: string,
): Promise<{ open: number; busy: number }> {
  const { rows } = await pool.query(
    `SELECT count(*) AS open, count(*) FILTER (WHERE state <> 'idle') AS busy
       FROM pg_stat_activity WHERE application_name = $1`,
    [name],
  );
  return { open: Number(rows[0].open), busy: Number(rows[0].busy) };
}

/** Polls `check` until it holds or `ms` have passed. */
export async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await sleep(25);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles like `pending`, or with 'still pending' after `ms`. */
export function within<T>(pending: Promise<T>, ms: number): Promise<T | 'still pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still pending'>((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

/** What `pending` rejects with (undefined when it resolves). */
export function rejection(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => undefined,
    (error: unknown) => error,
  );
}
