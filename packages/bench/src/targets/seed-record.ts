import {
  encodeRecord,
  normalizeToken,
  type RecordBackend,
  type TokenRecord,
  type WriteResult,
} from '@tokenstore/core/backend';
import type { BenchToken } from '../token-fixtures.js';

/** The `updatedAt` seeded tokens carry (a save sets it to the time of the save). */
export const SEEDED_AT = 1_800_000_000_000;

/**
 * The record a store's first save of this token writes (version 1), built with core's own
 * validation and codec, so seeding through a backend's `insert` stores exactly what
 * `saveToken` would (with `updatedAt` as given, where a save writes its own time).
 */
export function seedRecord(token: BenchToken, updatedAt: number = SEEDED_AT): TokenRecord {
  const { id, ...fields } = token;
  return encodeRecord({ ...normalizeToken(fields), id, updatedAt }, 1);
}

/**
 * Seeds tokens through a backend's `insert` (what `saveToken` writes, without a store's reads),
 * `inFlight` at a time; a write that is not `ok` fails the seeding, naming `target`.
 */
export async function seedThroughBackend(
  backend: Pick<RecordBackend, 'insert'>,
  tokens: readonly BenchToken[],
  updatedAt: number | undefined,
  options: { readonly target: string; readonly inFlight: number },
): Promise<void> {
  for (let at = 0; at < tokens.length; at += options.inFlight) {
    const batch = tokens.slice(at, at + options.inFlight);
    const results: WriteResult[] = await Promise.all(
      batch.map((token) => backend.insert(seedRecord(token, updatedAt))),
    );
    const failed = results.find((result) => result.status !== 'ok');
    if (failed !== undefined) throw new Error(`${options.target} seed: ${failed.status}`);
  }
}
