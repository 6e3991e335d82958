import { CancelQueue, type CancelSession } from '@tokenstore/core/backend';
import pg from 'pg';

/** Longest the canceller waits for its connection, and then for its statement. */
const CANCEL_TIMEOUT_MS = 5_000;

const CANCEL_SQL = 'SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid';

/** How a pool makes its clients: its `Client` class (pg-pool keeps it, its types do not). */
function clientClassOf(pool: pg.Pool): typeof pg.Client {
  const given = (pool as { Client?: unknown }).Client;
  return typeof given === 'function' ? (given as typeof pg.Client) : pg.Client;
}

/** A connection of the canceller's own to the pool's server, with the pool's options. */
async function openCancelSession(pool: pg.Pool): Promise<CancelSession> {
  const Client = clientClassOf(pool);
  const { options } = pool;
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
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    // One statement for the whole batch.
    cancel: async (pids) => {
      await client.query(CANCEL_SQL, [pids]);
    },
    close: () => client.end(),
  };
}

/**
 * Cancels statements of `pool`'s connections on the server (`pg_cancel_backend`), through a
 * connection of its own (core's {@link CancelQueue}: why, and at most one at a time).
 */
export function statementCanceller(pool: pg.Pool): CancelQueue {
  return new CancelQueue(() => openCancelSession(pool));
}
