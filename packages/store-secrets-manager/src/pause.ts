import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits between polls of a state another writer is about to change: about `attempt`-doubling
 * steps from 10 ms up to 250 ms, with full jitter so that waiting writers do not poll in step.
 */
export function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(250, 10 * 2 ** Math.min(attempt, 5));
  return sleep(ceiling / 2 + (Math.random() * ceiling) / 2);
}
