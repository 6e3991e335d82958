import { createHash } from 'node:crypto';
import {
  type CallOptions,
  type CancelQueue,
  type DuplicateResult,
  duplicateOf,
  retryRolledBack,
  SqlTableBackend,
  type SqlTokenRow,
  setUpOnce,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { statementCanceller } from './canceller.js';
import { guarded, PostgresDriverError, RETRYABLE, UNIQUE_VIOLATION } from './driver-error.js';
import { constraintNames, ensureSchema } from './schema.js';
import { statementsFor } from './statements.js';

/** What a {@link PostgresBackend} works on and whether it owns the pool. */
export interface PostgresBackendTarget {
  readonly pool: Pool;
  readonly table: string;
  /** True when the backend created `pool` and so ends it. */
  readonly owned: boolean;
  /** Where the pool connects, for `describe()` (no password). */
  readonly where: string;
  /** Run statements as named prepared statements (default true). */
  readonly prepare?: boolean;
}

/**
 * How long a statement may go on after its cancel was tried before its connection is closed
 * under it: a cancel that got through ends it within milliseconds; one that did not (the
 * canceller could not connect) would leave the pool, and `close()`, waiting for its lock.
 */
const CUT_OFF_MS = 1_000;

/** A statement's name for the server: one per SQL text, short enough for any table name. */
function statementName(sql: string): string {
  return `tokenstore_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
}

/**
 * Record primitives on one PostgreSQL table through a node-postgres pool (core's
 * {@link SqlTableBackend}). Every write is one statement in its own transaction: an INSERT that
 * the primary key and the unique constraints on the key digests refuse (unique_violation becomes
 * `duplicate`), and a compare-and-set `UPDATE … WHERE id = $7 AND version = $8` and the key
 * columns and data the row was read with (no row changed: `stale`). Under READ COMMITTED a
 * concurrent UPDATE of the same row waits for the first and re-checks its WHERE against the
 * committed row, so two writers with one expected version never both succeed.
 */
export class PostgresBackend extends SqlTableBackend {
  readonly #target: PostgresBackendTarget;
  readonly #constraints: Map<string, UniqueKeyKind | 'id'>;
  readonly #names = new Map<string, string>();
  readonly #canceller: CancelQueue;
  /** Sets the table up on first use, once per backend; a failed set-up runs again next call. */
  readonly #ensureSchema: () => Promise<void>;

  constructor(target: PostgresBackendTarget) {
    super(statementsFor(target.table));
    this.#target = target;
    this.#canceller = statementCanceller(target.pool);
    const names = constraintNames(target.table);
    this.#constraints = new Map(
      Object.entries(names).map(([kind, name]) => [name, kind as UniqueKeyKind | 'id']),
    );
    this.#ensureSchema = setUpOnce(() => guarded(() => ensureSchema(target.pool, target.table)));
  }

  /**
   * Ends an own pool, which waits for the statements under way: a call's statement ends with
   * the call (its timeout cancels it on the server), so this is bounded by `operationTimeoutMs`
   * (unless 0) and the cancel. Resolves once no cancel is under way either.
   */
  async close(): Promise<void> {
    const { owned, pool } = this.#target;
    if (owned && !pool.ending) await pool.end();
    await this.#canceller.idle();
  }

  /** `SELECT 1` on the pool: reaches the server, touches no table. */
  async ping(): Promise<void> {
    await guarded(() => this.#target.pool.query('SELECT 1'));
  }

  describe(): string {
    const { where, table, owned } = this.#target;
    return `postgres ${where} table=${table}${owned ? '' : ' (caller-owned pool)'}`;
  }

  /** A unique violation is a `duplicate`, naming the key when the server says which. */
  protected duplicate(error: unknown): DuplicateResult | undefined {
    if (!(error instanceof PostgresDriverError) || error.code !== UNIQUE_VIOLATION) return;
    return duplicateOf(
      error.constraint === undefined ? undefined : this.#constraints.get(error.constraint),
    );
  }

  protected async rows(
    sql: string,
    values: readonly unknown[],
    options?: CallOptions,
  ): Promise<SqlTokenRow[]> {
    return (await this.#run(sql, values, options)).rows;
  }

  protected async change(
    sql: string,
    values: readonly unknown[],
    options?: CallOptions,
  ): Promise<number> {
    return (await this.#run(sql, values, options)).rowCount ?? 0;
  }

  /** One statement, after the schema is set up; retried when the server rolled it back. */
  async #run(sql: string, values: readonly unknown[], options: CallOptions | undefined) {
    await this.#ensureSchema();
    const signal = options?.signal;
    return retryRolledBack(
      () =>
        guarded(() =>
          signal === undefined
            ? this.#target.pool.query<SqlTokenRow>(this.#config(sql, values))
            : this.#cancellable(this.#config(sql, values), signal),
        ),
      (error) =>
        !signal?.aborted &&
        error instanceof PostgresDriverError &&
        error.code !== undefined &&
        RETRYABLE.has(error.code),
    );
  }

  /**
   * The query on a connection of its own, cancelled on the server (`pg_cancel_backend`, through
   * the canceller's connection (`statementCanceller`), not the pool's) if `signal` aborts while it
   * runs: a statement that waits for a row lock or runs long then stops instead of going on
   * after the store gave up on it. A connection that was cancelled (or was about to be) is
   * closed, never returned to the pool, so a late cancel cannot reach another call's statement;
   * one whose statement still runs {@link CUT_OFF_MS} after its cancel was tried is closed under
   * it, so the pool (and `close()`) never waits on a cancel that did not get through.
   */
  async #cancellable(config: QueryConfig, signal: AbortSignal): Promise<QueryResult<SqlTokenRow>> {
    signal.throwIfAborted();
    const client: PoolClient = await this.#target.pool.connect();
    if (signal.aborted) {
      // The call gave up while it waited for the connection: its statement must not run now.
      client.release();
      signal.throwIfAborted();
    }
    // node-postgres keeps the server process id of a connection here (not in its types).
    const pid = (client as unknown as { processID?: unknown }).processID;
    let running = true;
    let cancelling = false;
    const cutOff = () => {
      if (!running) return;
      const timer = setTimeout(() => {
        // With a statement under way, end() closes the socket at once; the query then fails.
        if (running) client.end().catch(() => {});
      }, CUT_OFF_MS);
      timer.unref();
    };
    const cancel = () => {
      cancelling = true;
      if (typeof pid === 'number') void this.#canceller.cancel(pid).then(cutOff);
      else cutOff();
    };
    let failure: Error | undefined;
    // A checked-out client that loses its server emits 'error'; pool.query listens for it
    // while a query runs, and so must we, or the error is an uncaught exception.
    const onError = (error: Error) => {
      failure ??= error;
    };
    client.on('error', onError);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await client.query<SqlTokenRow>(config);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      running = false;
      signal.removeEventListener('abort', cancel);
      // As pool.query does, a connection whose statement failed is closed, not reused. A closing
      // connection keeps the listener: the server may still send it an error before it is gone
      // (57P01 when the server shuts down meanwhile), and nobody else listens to it any more.
      const discard = cancelling || failure !== undefined;
      if (!discard) client.removeListener('error', onError);
      client.release(discard ? (failure ?? true) : undefined);
    }
  }

  /**
   * The query, named when preparing: the server then parses and plans each statement once per
   * connection instead of on every call.
   */
  #config(sql: string, values: readonly unknown[]): QueryConfig {
    if (this.#target.prepare === false) return { text: sql, values: [...values] };
    let name = this.#names.get(sql);
    if (name === undefined) {
      name = statementName(sql);
      this.#names.set(sql, name);
    }
    return { name, text: sql, values: [...values] };
  }
}
