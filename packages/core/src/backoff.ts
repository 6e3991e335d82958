import { setTimeout as sleep } from 'node:timers/promises';

/** How the waits between attempts grow. */
export interface BackoffCurve {
  /** Attempts that run at once, before the first wait. Default 0. */
  readonly immediate?: number;
  /** The ceiling of the first wait, in milliseconds. */
  readonly initialMs: number;
  /** The ceiling no wait exceeds, in milliseconds. */
  readonly maxMs: number;
}

/**
 * The wait before attempt `attempt` (0-based): none for the first `immediate` attempts, then a
 * ceiling that doubles from `initialMs` up to `maxMs`, with "equal jitter" (between half the
 * ceiling and all of it): never zero, so a loser does yield, and spread, so that many writers or
 * pollers of one key, in one process or many, do not keep meeting in step.
 */
export function backoffDelay(attempt: number, curve: BackoffCurve): number {
  const step = attempt - (curve.immediate ?? 0);
  if (step < 0) return 0;
  const ceiling = Math.min(curve.maxMs, curve.initialMs * 2 ** Math.min(step, 30));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

/**
 * Waits {@link backoffDelay} before attempt `attempt`, but never past `until` (epoch
 * milliseconds) when given.
 */
export async function backoff(attempt: number, curve: BackoffCurve, until?: number): Promise<void> {
  let ms = backoffDelay(attempt, curve);
  if (until !== undefined) ms = Math.min(ms, Math.max(1, until - Date.now()));
  if (ms > 0) await sleep(ms);
}
