import type { Database } from 'better-sqlite3';

/** A checkpoint that could not finish because a reader still used the WAL: retried as busy. */
class CheckpointBusy extends Error {
  override readonly name = 'CheckpointBusy';
  readonly code = 'SQLITE_BUSY';
}

/**
 * `wal_checkpoint(TRUNCATE)`, failing as busy while another connection still reads the WAL:
 * SQLite then reports `busy` in its result instead of throwing, and the WAL keeps old pages.
 */
function truncateWal(db: Database): void {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (result !== undefined && result.busy !== 0) {
    throw new CheckpointBusy('the WAL checkpoint waits for a reader of another connection');
  }
}

/**
 * Leaves no copy of an overwritten or deleted row in the database's files: the WAL is
 * checkpointed and truncated (it holds old page images), and VACUUM rebuilds the database
 * without free pages (where deleted rows' bytes stay). VACUUM rewrites the whole file, every
 * table of it; it needs the write lock and, briefly, as much free disk as the database.
 */
export function compactDatabase(db: Database): void {
  const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
  if (wal) truncateWal(db);
  db.exec('VACUUM');
  if (wal) truncateWal(db);
}
