import pg from 'pg';

/** Longest the canceller waits for its connection, and then for its statement. */
const CANCEL_TIMEOUT_MS = 5_000;

const CANCEL_SQL = 'SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid';

/** How a pool makes its clients: its `Client` class (pg-pool keeps it, its types do not). */
function clientClassOf(pool: pg.Pool): typeof pg.Client {
  const given = (pool as { Client?: unknown }).Client;
  return typeof given === 'function' ? (given as typeof pg.Client) : pg.Client;
}

/**
 * Cancels statements of a pool's connections on the server (`pg_cancel_backend`) through a
 * connection of its own, never one of the pool's. Through the pool, a cancel waited behind the
 * very statement it was for when every connection was taken (a pool of one, or a busy one), and
 * an ending pool (`close()`) refused it: the statement then ran on until its row lock freed,
 * and `pool.end()`, which waits for it, with it. At most one such connection is open at a time
 * (cancels asked for while it works go in its next statement), so a burst of timeouts costs one
 * extra connection to the server, not one each.
 */
export class StatementCanceller {
  readonly #pool: pg.Pool;
  /** Server process ids to cancel, each with the callbacks of those waiting for the attempt. */
  #queued = new Map<number, (() => void)[]>();
  #working: Promise<void> | undefined;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /**
   * Cancels the statement that server process `pid` runs. Resolves once the cancel was tried,
   * whether or not it got through; never rejects.
   */
  cancel(pid: number): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.#queued.get(pid);
      if (waiting === undefined) this.#queued.set(pid, [resolve]);
      else waiting.push(resolve);
      this.#working ??= this.#work();
    });
  }

  /** Resolves once no cancel is under way and the canceller's connection is closed. */
  async idle(): Promise<void> {
    while (this.#working !== undefined) await this.#working;
  }

  /** Takes the queued cancels. */
  #take(): Map<number, (() => void)[]> {
    const batch = this.#queued;
    this.#queued = new Map();
    return batch;
  }

  async #work(): Promise<void> {
    const Client = clientClassOf(this.#pool);
    const { options } = this.#pool;
    const client = new Client({
      ...options,
      // pg-pool hides the password from enumeration (and so from a spread).
      password: options.password,
      // The pool may wait forever for a connection (0, pg's default); the canceller may not:
      // close() waits for it.
      connectionTimeoutMillis: options.connectionTimeoutMillis || CANCEL_TIMEOUT_MS,
      query_timeout: CANCEL_TIMEOUT_MS,
    });
    // A server that stops while the connection is open reports it here (57P01); unheard, that
    // event would be an uncaught exception.
    client.on('error', () => {});
    try {
      await client.connect();
      for (let batch = this.#take(); batch.size > 0; batch = this.#take()) {
        try {
          await client.query(CANCEL_SQL, [[...batch.keys()]]);
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
      await client.end().catch(() => {});
      this.#working = undefined;
      // Asked for while the connection was closing: a new round.
      if (this.#queued.size > 0) this.#working = this.#work();
    }
  }
}

function settle(batch: Map<number, (() => void)[]>): void {
  for (const waiting of batch.values()) for (const done of waiting) done();
}
