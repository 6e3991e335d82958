import { FIND_OPERATIONS, UPDATE } from '../operations.js';

/**
 * The overhead target of an operation on a store (store p50 over raw p50), or undefined when
 * the issue sets none: keyed finds within 1.3x on memory, SQLite and Redis (MongoDB, measured
 * on FerretDB: 1.5x), updates within 1.5x (Redis: 2x, its update being a script against a
 * plain HSET).
 */
export function overheadTarget(store: string, operation: string): number | undefined {
  if (FIND_OPERATIONS.some((op) => op.name === operation)) return store === 'mongo' ? 1.5 : 1.3;
  if (operation === UPDATE) return store === 'redis' ? 2 : 1.5;
  return undefined;
}

/** A refresh (find + save) on a server: at most this many round trips. */
export const REFRESH_ROUND_TRIPS = 2;

/** Each store script: at most this many times the server time of the raw update's HSET. */
export const SCRIPT_VS_HSET = 2;

/** Redis with 64 concurrent callers: at least this many times the single caller's throughput. */
export const CONCURRENCY_SPEEDUP = 3;

/** `✓ ≤1.5x` or `✗ ≤1.5x`: met or missed. */
export function verdict(value: number, limit: number, atLeast = false): string {
  const met = atLeast ? value >= limit : value <= limit;
  return `${met ? 'met' : '**missed**'} (${atLeast ? '≥' : '≤'}${limit}x)`;
}

/** SQLite with several writer processes: store p99 within this factor of raw p99. */
export const PROCESSES_P99 = 3;
