import type { Database } from 'better-sqlite3';

/**
 * Leaves no copy of an overwritten or deleted row in the database's files: the WAL is
 * checkpointed and truncated (it holds old page images), and VACUUM rebuilds the database
 * without free pages (where deleted rows' bytes stay). VACUUM rewrites the whole file, every
 * table of it; it needs the write lock and, briefly, as much free disk as the database.
 */
export function compactDatabase(db: Database): void {
  const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
  if (wal) db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  if (wal) db.pragma('wal_checkpoint(TRUNCATE)');
}
