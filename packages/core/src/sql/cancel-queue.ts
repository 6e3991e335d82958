/**
 * A connection a {@link CancelQueue} opened for itself, to send cancels on: a SQL adapter's
 * `pg_cancel_backend` or `KILL QUERY`.
 */
export interface CancelSession {
  /**
   * Stops the statements that these server sessions (PostgreSQL pids, MySQL thread ids) run.
   * May reject: the queue then counts the attempt as made.
   */
  cancel(ids: readonly number[]): Promise<void>;
  /** Closes the connection; may reject, which is ignored. */
  close(): Promise<void> | void;
}

/**
 * Cancels statements of a pool's connections on the server through a connection of its own,
 * never one of the pool's: through the pool, a cancel waited behind the very statement it was
 * for when every connection was taken, and an ending pool (`close()`) refused it; the statement
 * then ran on until its row lock freed, and the pool's end, which waits for it, with it. At most
 * one such connection is open at a time: the cancels asked for while it works go in its next
 * batch, so a burst of timeouts costs one extra connection to the server, not one each.
 */
export class CancelQueue {
  readonly #open: () => Promise<CancelSession>;
  /** Server session ids to cancel, each with the callbacks of those waiting for the attempt. */
  #queued = new Map<number, (() => void)[]>();
  #working: Promise<void> | undefined;

  /** @param open connects the queue's own connection (with a timeout: `idle()` waits for it) */
  constructor(open: () => Promise<CancelSession>) {
    this.#open = open;
  }

  /**
   * Cancels the statement that server session `id` runs. Resolves once the cancel was tried,
   * whether or not it got through; never rejects.
   */
  cancel(id: number): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.#queued.get(id);
      if (waiting === undefined) this.#queued.set(id, [resolve]);
      else waiting.push(resolve);
      this.#working ??= this.#work();
    });
  }

  /** Resolves once no cancel is under way and the queue's connection is closed. */
  async idle(): Promise<void> {
    while (this.#working !== undefined) await this.#working;
  }

  #take(): Map<number, (() => void)[]> {
    const batch = this.#queued;
    this.#queued = new Map();
    return batch;
  }

  async #work(): Promise<void> {
    let session: CancelSession | undefined;
    try {
      session = await this.#open();
      for (let batch = this.#take(); batch.size > 0; batch = this.#take()) {
        try {
          await session.cancel([...batch.keys()]);
        } catch {
          // Tried: a session that ended meanwhile has nothing left to stop.
        } finally {
          settle(batch);
        }
      }
    } catch {
      // Not connected, or the server refused: the statements run on until they end by
      // themselves. Those asked for meanwhile are tried no further either (no retry loop
      // against a server that refuses).
      settle(this.#take());
    } finally {
      try {
        await session?.close();
      } catch {
        // Closing is best effort: the connection is of no further use either way.
      }
      this.#working = undefined;
      // Asked for while the connection was closing: a new round.
      if (this.#queued.size > 0) this.#working = this.#work();
    }
  }
}

function settle(batch: Map<number, (() => void)[]>): void {
  for (const waiting of batch.values()) for (const done of waiting) done();
}
