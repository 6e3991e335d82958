import { type BackoffCurve, backoff } from './backoff.js';

/**
 * Optimistic writes that lost a race: the first retries run at once (the usual loser only needs
 * to re-read); later ones back off so that many writers of one key do not keep colliding.
 */
const SAVE_RETRY: BackoffCurve = { immediate: 3, initialMs: 1, maxMs: 100 };

/** Waits before attempt `attempt` of a save that lost a race. */
export function saveRetryBackoff(attempt: number): Promise<void> {
  return backoff(attempt, SAVE_RETRY);
}
