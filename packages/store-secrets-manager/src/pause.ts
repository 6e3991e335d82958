import { type BackoffCurve, backoff } from '@tokenstore/core/backend';

/** Polls of a state another writer is about to change: from 10 ms up to 250 ms apart. */
const POLL: BackoffCurve = { initialMs: 10, maxMs: 250 };

/** Waits before poll `attempt` (core's jittered backoff on this store's curve). */
export function pause(attempt: number): Promise<void> {
  return backoff(attempt, POLL);
}
