import { encodeRecord, normalizeToken, type TokenRecord } from '@tokenstore/core/backend';
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
