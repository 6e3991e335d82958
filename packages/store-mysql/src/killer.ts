import type { Connection, Pool } from 'mysql2/promise';

/** Longest the killer waits for one `KILL QUERY`. */
const KILL_TIMEOUT_MS = 5_000;

/** Opens a connection of its own to the pool's server, for `KILL QUERY`. */
export type KillConnector = () => Promise<Connection>;

/**
 * Stops statements of a pool's connections on the server (`KILL QUERY`). With a connector (the
 * store's own pool), through a connection of its own, never one of the pool's: through the pool,
 * a kill waited behind the very statement it was for when every connection was taken, and a
 * closed pool (`close()`) refused it; the statement then ran on until its row lock freed (or
 * `innodb_lock_wait_timeout`), and `pool.end()`, which waits for it, with it. At most one such
 * connection is open at a time (kills asked for while it works run on it after the current one).
 * Without a connector (a caller's pool, whose connection options are not the store's to read),
 * through the pool.
 */
export class QueryKiller {
  readonly #pool: Pool;
  readonly #connect: KillConnector | undefined;
  /** Thread ids to kill, each with the callbacks of those waiting for the attempt. */
  #queued = new Map<number, (() => void)[]>();
  #working: Promise<void> | undefined;

  constructor(pool: Pool, connect: KillConnector | undefined) {
    this.#pool = pool;
    this.#connect = connect;
  }

  /**
   * Stops the statement that connection `threadId` runs. Resolves once the kill was tried,
   * whether or not it got through; never rejects.
   */
  kill(threadId: number): Promise<void> {
    const connect = this.#connect;
    if (connect === undefined) {
      return this.#pool.query('KILL QUERY ?', [threadId]).then(
        () => {},
        () => {},
      );
    }
    return new Promise((resolve) => {
      const waiting = this.#queued.get(threadId);
      if (waiting === undefined) this.#queued.set(threadId, [resolve]);
      else waiting.push(resolve);
      this.#working ??= this.#work(connect);
    });
  }

  /** Resolves once no kill is under way and the killer's connection is closed. */
  async idle(): Promise<void> {
    while (this.#working !== undefined) await this.#working;
  }

  #take(): Map<number, (() => void)[]> {
    const batch = this.#queued;
    this.#queued = new Map();
    return batch;
  }

  async #work(connect: KillConnector): Promise<void> {
    let connection: Connection | undefined;
    try {
      connection = await connect();
      // A server that goes away while the connection is open reports it here; unheard, that
      // event would be an uncaught exception.
      connection.on('error', () => {});
      for (let batch = this.#take(); batch.size > 0; batch = this.#take()) {
        for (const [threadId, waiting] of batch) {
          // A thread that ended meanwhile is ER_NO_SUCH_THREAD: nothing left to stop.
          await connection
            .query({ sql: 'KILL QUERY ?', values: [threadId], timeout: KILL_TIMEOUT_MS })
            .catch(() => {});
          for (const done of waiting) done();
        }
      }
    } catch {
      // Not connected: the statements run on until they end by themselves (or are cut off).
      // Those asked for meanwhile are tried no further either (no retry loop against a server
      // that refuses).
      for (const waiting of this.#take().values()) for (const done of waiting) done();
    } finally {
      // destroy(), not end(): closes at once, with no command to wait for.
      // Nothing is awaited from the last take to here, so no kill is left queued.
      connection?.destroy();
      this.#working = undefined;
    }
  }
}
