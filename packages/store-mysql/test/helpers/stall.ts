// What the tests of stalled statements share: a row lock of the test's own, the server's view
// of a statement, and waits that give up instead of hanging.
import type { Pool, RowDataPacket } from 'mysql2/promise';

/**
 * Locks the rows of `table` (those `where` picks, every row without it) in a transaction on a
 * connection of `pool`; resolves to the unlock (COMMIT), which may be called more than once.
 */
export async function lockRows(
  pool: Pool,
  table: string,
  where = 'true',
  values: (Buffer | string)[] = [],
): Promise<() => Promise<void>> {
  const locker = await pool.getConnection();
  try {
    await locker.query('BEGIN');
    await locker.execute(`SELECT id FROM \`${table}\` WHERE ${where} FOR UPDATE`, values);
  } catch (error) {
    locker.destroy();
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

/** The server threads running a statement that starts with `prefix`. */
export async function threadsRunning(pool: Pool, prefix: string): Promise<number[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE ?',
    [`${prefix}%`],
  );
  return rows.map((row) => Number(row.id));
}

/** Whether server thread `id` is still connected. */
export async function threadExists(pool: Pool, id: number): Promise<boolean> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?',
    [id],
  );
  return Number(rows[0]?.n) > 0;
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
