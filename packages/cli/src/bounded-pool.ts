/**
 * Runs async jobs with at most `limit` in flight. `add` waits while the pool is full, so a
 * producer looping over a stream never reads ahead more than `limit` jobs: memory stays bounded.
 * The first job that rejects makes every later `add` and `drain` reject with its error.
 */
export class BoundedPool {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;

  constructor(limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be >= 1');
    this.#limit = limit;
  }

  async add(job: () => Promise<void>): Promise<void> {
    this.#throwIfFailed();
    while (this.#running.size >= this.#limit) {
      await Promise.race(this.#running);
      this.#throwIfFailed();
    }
    const running: Promise<void> = job()
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => {
        this.#running.delete(running);
      });
    this.#running.add(running);
  }

  /** Waits for every job; rejects with the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.#running);
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure.error;
  }
}
