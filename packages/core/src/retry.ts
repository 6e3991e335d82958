import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits before the next attempt of an optimistic write that lost a race. The first retries run
 * at once (the usual loser only needs to re-read); later ones back off with full jitter so
 * that many writers of one key do not keep colliding.
 */
export async function backoff(attempt: number): Promise<void> {
  if (attempt < 3) return;
  const ceiling = Math.min(100, 2 ** (attempt - 3));
  await sleep(Math.random() * ceiling);
}
