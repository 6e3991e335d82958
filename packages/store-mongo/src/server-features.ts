import type { Db } from 'mongodb';

/**
 * Whether the server applies a conditional single-document update atomically. MongoDB does.
 * FerretDB v1 does not (FerretDB issue 3040: update and findAndModify read, filter, then write by
 * `_id` without checking the filter again), so two compare-and-set updates of one version can both
 * succeed there; FerretDB announces itself with `ferretdbVersion` in `buildInfo`.
 */
export async function hasAtomicConditionalUpdates(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 });
  return !('ferretdbVersion' in info);
}
