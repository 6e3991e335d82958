import { encodeRecord, normalizeToken, type TokenRecord } from '@tokenstore/core';
import type { BenchToken } from '../token-fixtures.js';

/**
 * The record a store's first save of this token writes (version 1), built with core's own
 * validation and codec, so seeding through a backend's `insert` stores exactly what
 * `saveToken` would.
 */
export function seedRecord(token: BenchToken): TokenRecord {
  const { id, ...fields } = token;
  return encodeRecord({ ...normalizeToken(fields), id }, 1);
}
