import { setTimeout as sleep } from 'node:timers/promises';

/** Delays that double from `initialMs` up to `maxMs`, each with ±25% jitter. */
export class Backoff {
  readonly #maxMs: number;
  #nextMs: number;

  constructor(initialMs: number, maxMs: number) {
    this.#nextMs = initialMs;
    this.#maxMs = maxMs;
  }

  /** Waits the next delay, but never past `until` (epoch milliseconds). */
  async wait(until: number): Promise<void> {
    // Jitter spreads the pollers of many processes so they do not hit the store in step.
    const jittered = this.#nextMs * (0.75 + Math.random() * 0.5);
    this.#nextMs = Math.min(this.#nextMs * 2, this.#maxMs);
    const ms = Math.max(1, Math.min(jittered, until - Date.now()));
    await sleep(ms);
  }
}
