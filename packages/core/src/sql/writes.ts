import { type BackoffCurve, backoff } from '../backoff.js';
import type { UniqueKeyKind } from '../lookup-key.js';
import type { WriteResult } from '../record.js';

/** The `duplicate` outcome of a write. */
export type DuplicateResult = Extract<WriteResult, { status: 'duplicate' }>;

/**
 * The `duplicate` outcome, naming the key when the server said which one (`undefined`: it did
 * not, or named an index that is not one of ours).
 */
export function duplicateOf(key: UniqueKeyKind | 'id' | undefined): DuplicateResult {
  return key === undefined ? { status: 'duplicate' } : { status: 'duplicate', key };
}

/**
 * Runs a write whose unique constraints refuse a taken id or key: an error that `duplicate`
 * recognises (it returns the outcome) is that outcome; any other error is thrown as it is.
 */
export async function writeUnlessDuplicate(
  write: () => Promise<WriteResult>,
  duplicate: (error: unknown) => DuplicateResult | undefined,
): Promise<WriteResult> {
  try {
    return await write();
  } catch (error) {
    const outcome = duplicate(error);
    if (outcome === undefined) throw error;
    return outcome;
  }
}

/** How often a statement the server rolled back (deadlock, serialisation failure) is run. */
export const SQL_STATEMENT_ATTEMPTS = 5;

/** Short waits: the other transaction of a deadlock is usually done within milliseconds. */
const ROLLED_BACK_RETRY: BackoffCurve = { initialMs: 2, maxMs: 16 };

/**
 * Runs one statement, again after a jittered wait while the server rolled it back
 * (`rolledBack(error)`), up to {@link SQL_STATEMENT_ATTEMPTS} times in all. A single-statement
 * write that was rolled back changed nothing, so running it again is safe.
 */
export async function retryRolledBack<T>(
  run: () => Promise<T>,
  rolledBack: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= SQL_STATEMENT_ATTEMPTS || !rolledBack(error)) throw error;
      await backoff(attempt - 1, ROLLED_BACK_RETRY);
    }
  }
}
