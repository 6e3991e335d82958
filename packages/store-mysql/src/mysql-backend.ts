import {
  type CallOptions,
  type DuplicateResult,
  duplicateOf,
  retryRolledBack,
  SQL_KEY_COLUMNS,
  SqlTableBackend,
  type SqlTokenRow,
  setUpOnce,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import type {
  Connection,
  Pool,
  PoolConnection,
  ResultSetHeader,
  RowDataPacket,
} from 'mysql2/promise';
import { DEADLOCK, DUPLICATE_ENTRY, guarded, MysqlDriverError } from './driver-error.js';
import { QueryKiller } from './killer.js';
import { ensureSchema, MAX_DIGEST_BYTES } from './schema.js';
import { statementsFor } from './statements.js';

/** What a {@link MysqlBackend} works on and whether it owns the pool. */
export interface MysqlBackendTarget {
  readonly pool: Pool;
  readonly table: string;
  /** True when the backend created `pool` and so ends it. */
  readonly owned: boolean;
  /** Where the pool connects, for `describe()` (no password). */
  readonly where: string;
  /**
   * Opens a connection of its own to the pool's server, for `KILL QUERY` (the store's own
   * pool): a kill through the pool waits behind the statement when the pool is full, and fails
   * once it is closed. Without it, kills go through the pool.
   */
  readonly connectKiller?: () => Promise<Connection>;
}

/**
 * How long a statement may go on after its kill was tried before its connection is closed
 * under it: a kill that got through ends it within milliseconds; one that did not (the killer
 * could not connect) would leave the pool, and `close()`, waiting for its lock.
 */
const CUT_OFF_MS = 1_000;

/** The socket under a mysql2 connection (not in its types), to close it at once. */
function socketOf(connection: PoolConnection): { destroy?: () => void } | undefined {
  return (connection.connection as unknown as { stream?: { destroy?: () => void } }).stream;
}

/** Which key a duplicate entry's index stands for. */
const INDEX_KINDS = new Map<string, UniqueKeyKind | 'id'>([
  ['PRIMARY', 'id'],
  ...UNIQUE_KEY_KINDS.map((kind) => [SQL_KEY_COLUMNS[kind], kind] as const),
]);

/**
 * Record primitives on one InnoDB table through a mysql2 pool (core's {@link SqlTableBackend}),
 * as server-side prepared statements. Every write is one autocommitted statement: an INSERT that the primary key and
 * the unique indexes on the key digests refuse (ER_DUP_ENTRY becomes `duplicate`; no INSERT
 * IGNORE, which would hide other errors too), and a compare-and-set `UPDATE … WHERE id = ? AND
 * version = ?` and the key columns and data the row was read with (no row changed: `stale`).
 * InnoDB's UPDATE reads the latest committed row under
 * its lock, so two writers with one expected version never both succeed.
 */
export class MysqlBackend extends SqlTableBackend {
  readonly #target: MysqlBackendTarget;
  /** Sets the table up on first use, once per backend; a failed set-up runs again next call. */
  readonly #ensureSchema: () => Promise<void>;
  readonly #killer: QueryKiller;
  /** Connections closed under their statement (see {@link CUT_OFF_MS}) since the store opened. */
  #cutOff = 0;

  constructor(target: MysqlBackendTarget) {
    super(statementsFor(target.table));
    this.#target = target;
    this.#killer = new QueryKiller(target.pool, target.connectKiller);
    this.#ensureSchema = setUpOnce(() => guarded(() => ensureSchema(target.pool, target.table)));
  }

  /** A digest as the bytes of its VARBINARY column. */
  protected override bindKey(digest: string, kind: UniqueKeyKind): Buffer {
    const bytes = Buffer.from(digest, 'utf8');
    // A strict server refuses a longer value, a lax one would truncate it: refuse it here.
    if (bytes.length > MAX_DIGEST_BYTES) throw new Error(`a ${kind} key digest is too long`);
    return bytes;
  }

  /** Data as the bytes of its LONGBLOB column: no character-set conversion can touch it. */
  protected override bindData(data: string): Buffer {
    return Buffer.from(data);
  }

  /** LIMIT takes a string: MySQL 8.0.22+ refuses the DOUBLE that mysql2 sends for a number. */
  protected override bindLimit(pageSize: number): string {
    return String(pageSize);
  }

  /** A binary column's value as text (a caller's pool may return strings with `typeCast`). */
  protected override readText(value: unknown): unknown {
    return Buffer.isBuffer(value) ? value.toString('utf8') : value;
  }

  /**
   * Ends an own pool, which waits for the statements under way: a call's statement ends with
   * the call (its timeout kills it on the server), so this is bounded by `operationTimeoutMs`
   * (unless 0) and the kill. Resolves once no kill is under way either.
   */
  async close(): Promise<void> {
    if (this.#target.owned) {
      const cutOff = this.#cutOff;
      try {
        await this.#target.pool.end();
      } catch (error) {
        // pool.end() reports the lost connection of a statement closed under it (its QUIT
        // fails): that connection is gone, as end() wants it.
        if (this.#cutOff === cutOff) throw error;
      }
    }
    await this.#killer.idle();
  }

  /** `SELECT 1` on the pool: reaches the server, touches no table. */
  async ping(): Promise<void> {
    await guarded(() => this.#target.pool.query('SELECT 1'));
  }

  describe(): string {
    const { where, table, owned } = this.#target;
    return `mysql ${where} table=${table}${owned ? '' : ' (caller-owned pool)'}`;
  }

  /** A duplicate entry (ER_DUP_ENTRY) is a `duplicate`, naming the key its index holds. */
  protected duplicate(error: unknown): DuplicateResult | undefined {
    if (!(error instanceof MysqlDriverError) || error.errno !== DUPLICATE_ENTRY) return;
    return duplicateOf(error.index === undefined ? undefined : INDEX_KINDS.get(error.index));
  }

  protected async rows(
    sql: string,
    values: readonly unknown[],
    options?: CallOptions,
  ): Promise<SqlTokenRow[]> {
    return (await this.#run(sql, values, options)) as RowDataPacket[] as SqlTokenRow[];
  }

  protected async change(
    sql: string,
    values: readonly unknown[],
    options?: CallOptions,
  ): Promise<number> {
    return ((await this.#run(sql, values, options)) as ResultSetHeader).affectedRows;
  }

  /** One prepared statement, after the schema is set up; retried after a deadlock. */
  async #run(
    sql: string,
    values: readonly unknown[],
    options: CallOptions | undefined,
  ): Promise<unknown> {
    await this.#ensureSchema();
    const signal = options?.signal;
    const bound = values as (Buffer | number | string | null)[];
    const [result] = await retryRolledBack(
      () =>
        guarded(() =>
          signal === undefined
            ? this.#target.pool.execute(sql, bound)
            : this.#cancellable(sql, bound, signal),
        ),
      (error) => !signal?.aborted && error instanceof MysqlDriverError && error.errno === DEADLOCK,
    );
    return result;
  }
  /**
   * The statement on a connection of its own, stopped on the server (`KILL QUERY`, through the
   * {@link QueryKiller}) if `signal` aborts while it runs: a statement that waits for a row
   * lock then stops instead of going on after the store gave up on it. A connection that was
   * killed (or was about to be) is closed, never returned to the pool, so a late kill cannot
   * reach another call's statement; one whose statement still runs {@link CUT_OFF_MS} after
   * its kill was tried is closed under it, so the pool (and `close()`) never waits on a kill
   * that did not get through.
   */
  async #cancellable(
    sql: string,
    values: (Buffer | number | string | null)[],
    signal: AbortSignal,
  ): Promise<[unknown, unknown]> {
    signal.throwIfAborted();
    const connection: PoolConnection = await this.#target.pool.getConnection();
    if (signal.aborted) {
      // The call gave up while it waited for the connection: its statement must not run now.
      connection.release();
      signal.throwIfAborted();
    }
    let running = true;
    let killing = false;
    const cutOff = () => {
      if (!running) return;
      const timer = setTimeout(() => {
        if (!running) return;
        this.#cutOff += 1;
        // end() and destroy() wait for the server to close its side, which it does not while
        // the statement waits; closing the socket fails the statement at once.
        socketOf(connection)?.destroy?.();
      }, CUT_OFF_MS);
      timer.unref();
    };
    const kill = () => {
      killing = true;
      void this.#killer.kill(connection.threadId).then(cutOff);
    };
    // A pool connection whose socket closes emits 'error' (mysql2 listens once, to drop it
    // from the pool): one that is closed under its statement may report more than once.
    const onError = () => {};
    connection.on('error', onError);
    signal.addEventListener('abort', kill, { once: true });
    try {
      return await connection.execute(sql, values);
    } finally {
      running = false;
      signal.removeEventListener('abort', kill);
      if (killing) {
        connection.destroy();
      } else {
        connection.removeListener('error', onError);
        connection.release();
      }
    }
  }
}
