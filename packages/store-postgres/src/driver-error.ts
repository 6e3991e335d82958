import { isTokenStoreError } from '@tokenstore/core';

/**
 * An error of node-postgres, reduced to what describes the failure without the data: pg's
 * errors carry the server's `detail` (`Key (user_key)=(…) already exists`), `where` and
 * `internalQuery`, and a message may quote a value (`invalid input syntax for type …: "…"`).
 * The copy keeps the SQLSTATE `code`, the severity and the names of the table and constraint,
 * and replaces every quoted part of the message, so `util.inspect` of a store error and its
 * cause shows no token data. Connection errors (ECONNREFUSED, a terminated connection) keep
 * their code and message, which describe the server only.
 */
export class PostgresDriverError extends Error {
  override readonly name: string;
  /** The SQLSTATE (`23505`) or the system error code (`ECONNREFUSED`). */
  readonly code?: string;
  readonly severity?: string;
  readonly table?: string;
  readonly constraint?: string;

  constructor(source: unknown) {
    const error = source instanceof Error ? source : undefined;
    super(redactQuoted(messageOf(source)));
    this.name = error?.name === 'error' ? 'PostgresError' : (error?.name ?? 'Error');
    const fields = (source ?? {}) as Record<string, unknown>;
    for (const field of ['code', 'severity', 'table', 'constraint'] as const) {
      const value = fields[field];
      if (typeof value === 'string') this[field] = value;
    }
  }
}

/** The message; an AggregateError (a refused connection to every address) has none itself. */
function messageOf(source: unknown): string {
  if (source instanceof AggregateError && source.message === '') {
    const first = source.errors[0];
    return first instanceof Error ? first.message : 'the PostgreSQL driver failed';
  }
  return source instanceof Error && source.message !== ''
    ? source.message
    : 'the PostgreSQL driver failed';
}

/** Replaces "double" and 'single' quoted parts (values, but also names) with an ellipsis. */
function redactQuoted(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'");
}

/** Runs a driver call; whatever it throws comes out as a {@link PostgresDriverError}. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PostgresDriverError) throw error;
    if (isTokenStoreError(error)) throw error;
    throw new PostgresDriverError(error);
  }
}

/** unique_violation */
export const UNIQUE_VIOLATION = '23505';
/** deadlock_detected and serialization_failure: the statement was rolled back, retry it. */
export const RETRYABLE = new Set(['40P01', '40001']);
