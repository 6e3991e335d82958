import { FIND_OPERATIONS, UPDATE } from '../operations.js';

/** The overhead target of an operation on a store, or undefined when the issue sets none. */
export function overheadTarget(store: string, operation: string): number | undefined {
  const keyed = operation === UPDATE || FIND_OPERATIONS.some((op) => op.name === operation);
  if (!keyed) return undefined;
  return store === 'memory' ? 3 : 1.5;
}

/** A keyed find at the largest size within this factor of the same find at the smallest. */
export const FLAT_SCALING = 1.5;

/** Redis with 64 concurrent callers: at least this many times the single caller's throughput. */
export const CONCURRENCY_SPEEDUP = 3;

/** `✓ ≤1.5x` or `✗ ≤1.5x`: met or missed. */
export function verdict(value: number, limit: number, atLeast = false): string {
  const met = atLeast ? value >= limit : value <= limit;
  return `${met ? 'met' : '**missed**'} (${atLeast ? '≥' : '≤'}${limit}x)`;
}
