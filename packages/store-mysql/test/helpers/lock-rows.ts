import type { Pool } from 'mysql2/promise';

/**
 * Locks every row of `table` in a transaction (`SELECT … FOR UPDATE`) on a connection of
 * `pool`; resolves to the unlock: COMMIT, and the connection back to `pool`.
 */
export async function lockRows(pool: Pool, table: string): Promise<() => Promise<void>> {
  const locker = await pool.getConnection();
  try {
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM \`${table}\` FOR UPDATE`);
  } catch (error) {
    locker.destroy();
    throw error;
  }
  return async () => {
    await locker.query('COMMIT');
    locker.release();
  };
}
