import { CancelQueue, type CancelSession } from '@tokenstore/core/backend';
import type { Connection, Pool } from 'mysql2/promise';

/** Longest the killer waits for one `KILL QUERY`. */
const KILL_TIMEOUT_MS = 5_000;

/** Opens a connection of its own to the pool's server, for `KILL QUERY`. */
export type KillConnector = () => Promise<Connection>;

/** A connection of the killer's own, from `connect`. */
async function openKillSession(connect: KillConnector): Promise<CancelSession> {
  const connection = await connect();
  // A server that goes away while the connection is open reports it here; unheard, that
  // event would be an uncaught exception.
  connection.on('error', () => {});
  return {
    // KILL QUERY takes one thread: one statement each.
    cancel: async (threadIds) => {
      for (const threadId of threadIds) {
        // A thread that ended meanwhile is ER_NO_SUCH_THREAD: nothing left to stop.
        await connection
          .query({ sql: 'KILL QUERY ?', values: [threadId], timeout: KILL_TIMEOUT_MS })
          .catch(() => {});
      }
    },
    // destroy(), not end(): closes at once, with no command to wait for.
    close: () => connection.destroy(),
  };
}

/**
 * Stops statements of a pool's connections on the server (`KILL QUERY`). With a connector (the
 * store's own pool), through a connection of its own, never one of the pool's (core's
 * {@link CancelQueue}: why, and at most one at a time); `innodb_lock_wait_timeout` would end such
 * a statement otherwise. Without a connector (a caller's pool, whose connection options are not
 * the store's to read), through the pool.
 */
export class QueryKiller {
  readonly #pool: Pool;
  readonly #queue: CancelQueue | undefined;

  constructor(pool: Pool, connect: KillConnector | undefined) {
    this.#pool = pool;
    this.#queue =
      connect === undefined ? undefined : new CancelQueue(() => openKillSession(connect));
  }

  /**
   * Stops the statement that connection `threadId` runs. Resolves once the kill was tried,
   * whether or not it got through; never rejects.
   */
  kill(threadId: number): Promise<void> {
    if (this.#queue !== undefined) return this.#queue.cancel(threadId);
    return this.#pool.query('KILL QUERY ?', [threadId]).then(
      () => {},
      () => {},
    );
  }

  /** Resolves once no kill is under way and the killer's connection is closed. */
  idle(): Promise<void> {
    return this.#queue?.idle() ?? Promise.resolve();
  }
}
