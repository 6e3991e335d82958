import {
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
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { DEADLOCK, DUPLICATE_ENTRY, guarded, MysqlDriverError } from './driver-error.js';
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
 * version = ?` (no row changed: `stale`). InnoDB's UPDATE reads the latest committed row under
 * its lock, so two writers with one expected version never both succeed.
 */
export class MysqlBackend extends SqlTableBackend {
  readonly #target: MysqlBackendTarget;
  /** Sets the table up on first use, once per backend; a failed set-up runs again next call. */
  readonly #ensureSchema: () => Promise<void>;

  constructor(target: MysqlBackendTarget) {
    super(statementsFor(target.table));
    this.#target = target;
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

  async close(): Promise<void> {
    if (this.#target.owned) await this.#target.pool.end();
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

  protected async rows(sql: string, values: readonly unknown[]): Promise<SqlTokenRow[]> {
    return (await this.#run(sql, values)) as RowDataPacket[] as SqlTokenRow[];
  }

  protected async change(sql: string, values: readonly unknown[]): Promise<number> {
    return ((await this.#run(sql, values)) as ResultSetHeader).affectedRows;
  }

  /** One prepared statement, after the schema is set up; retried after a deadlock. */
  async #run(sql: string, values: readonly unknown[]): Promise<unknown> {
    await this.#ensureSchema();
    const [result] = await retryRolledBack(
      () =>
        guarded(() =>
          this.#target.pool.execute(sql, values as (Buffer | number | string | null)[]),
        ),
      (error) => error instanceof MysqlDriverError && error.errno === DEADLOCK,
    );
    return result;
  }
}
