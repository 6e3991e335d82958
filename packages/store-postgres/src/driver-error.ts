import { isTokenStoreError } from '@tokenstore/core';
import { type BackendFailureInfo, missingTableReason } from '@tokenstore/core/backend';
import { DatabaseError } from 'pg';
import { quoted } from './table-name.js';

/**
 * SQLSTATEs that mean the server refused the store's configuration: class 28 (invalid
 * authorization: a wrong password, no pg_hba.conf entry, a role that does not exist), 3D000 (no
 * such database), 42501 (insufficient privilege). Their messages name a user, host, database or
 * table, never a value, so the message is kept as the reason.
 */
function refusesConfiguration(code: unknown): boolean {
  return (
    typeof code === 'string' && (code.startsWith('28') || code === '3D000' || code === '42501')
  );
}

/** undefined_table: a statement names a relation that is not there. */
const UNDEFINED_TABLE = '42P01';

/** The server's message for {@link UNDEFINED_TABLE}; only a table name the store could use. */
const RELATION_MISSING = /^relation "(?:[a-z0-9_]+\.)?([a-z0-9_]{1,63})" does not exist$/;

/**
 * The reason of a 42P01 on a store that set its table up: the table was dropped or renamed
 * since, from another connection (or its schema left `search_path`). No retry fixes that, so
 * it is misconfigured (`STORE_MISCONFIGURED`), with the table named; the name is read from the
 * server's message only when it is a plain table name, so nothing else of that message is kept.
 */
function missingTableIn(source: DatabaseError): string {
  const table = RELATION_MISSING.exec(source.message)?.[1];
  return missingTableReason(
    table === undefined ? undefined : quoted(table),
    "or is out of this connection's search_path",
  );
}

/**
 * An error of node-postgres, reduced to what describes the failure without the data: pg's
 * errors carry the server's `detail` (`Key (user_key)=(…) already exists`), `where` and
 * `internalQuery`, and the server's message may quote a value (`invalid input syntax for type
 * …: "…"`, or anything a trigger's RAISE says). The copy keeps the SQLSTATE `code`, the severity
 * and the names of the schema, table, column and constraint, and leaves the server's message
 * out, so `util.inspect` of a store error and its cause shows no token data. Errors of the
 * connection itself (ECONNREFUSED, a terminated connection) keep their message, which describes
 * the server only.
 */
export class PostgresDriverError extends Error implements BackendFailureInfo {
  override readonly name: string;
  /** The SQLSTATE (`23505`) or the system error code (`ECONNREFUSED`). */
  readonly code?: string;
  readonly severity?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
  /**
   * What an operator reads: the connection's own error (`connect ECONNREFUSED 127.0.0.1:5432`),
   * a refused configuration's server message (`password authentication failed for user "app"`),
   * else the message above (SQLSTATE and severity only).
   */
  readonly reason: string;
  /** True when the server refused the store's credentials, database or privileges, or its table is gone. */
  readonly misconfigured: boolean;

  constructor(source: unknown) {
    const fields = (source ?? {}) as Record<string, unknown>;
    const fromServer = source instanceof DatabaseError;
    const tableMissing = fromServer && fields.code === UNDEFINED_TABLE;
    const misconfigured = tableMissing || (fromServer && refusesConfiguration(fields.code));
    const state = [fields.severity, `SQLSTATE ${fields.code}`].filter(Boolean).join(', ');
    super(
      !fromServer
        ? messageOf(source)
        : tableMissing
          ? `${missingTableIn(source)} (${state})`
          : misconfigured
            ? `${(source as DatabaseError).message} (${state})`
            : `the server refused the statement (${state}; its message is left out: it may quote values)`,
    );
    this.reason = this.message;
    this.misconfigured = misconfigured;
    this.name = fromServer ? 'PostgresError' : source instanceof Error ? source.name : 'Error';
    for (const field of ['code', 'severity', 'schema', 'table', 'column', 'constraint'] as const) {
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
