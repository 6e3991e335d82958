import { createHash } from 'node:crypto';
import {
  type DuplicateResult,
  duplicateOf,
  retryRolledBack,
  SqlTableBackend,
  type SqlTokenRow,
  setUpOnce,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import type { Pool, QueryConfig } from 'pg';
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

/** A statement's name for the server: one per SQL text, short enough for any table name. */
function statementName(sql: string): string {
  return `tokenstore_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
}

/**
 * Record primitives on one PostgreSQL table through a node-postgres pool (core's
 * {@link SqlTableBackend}). Every write is one statement in its own transaction: an INSERT that
 * the primary key and the unique constraints on the key digests refuse (unique_violation becomes
 * `duplicate`), and a compare-and-set `UPDATE … WHERE id = $7 AND version = $8` (no row
 * changed: `stale`). Under READ COMMITTED a
 * concurrent UPDATE of the same row waits for the first and re-checks its WHERE against the
 * committed row, so two writers with one expected version never both succeed.
 */
export class PostgresBackend extends SqlTableBackend {
  readonly #target: PostgresBackendTarget;
  readonly #constraints: Map<string, UniqueKeyKind | 'id'>;
  readonly #names = new Map<string, string>();
  /** Sets the table up on first use, once per backend; a failed set-up runs again next call. */
  readonly #ensureSchema: () => Promise<void>;

  constructor(target: PostgresBackendTarget) {
    super(statementsFor(target.table));
    this.#target = target;
    const names = constraintNames(target.table);
    this.#constraints = new Map(
      Object.entries(names).map(([kind, name]) => [name, kind as UniqueKeyKind | 'id']),
    );
    this.#ensureSchema = setUpOnce(() => guarded(() => ensureSchema(target.pool, target.table)));
  }

  async close(): Promise<void> {
    if (this.#target.owned && !this.#target.pool.ended) await this.#target.pool.end();
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

  protected async rows(sql: string, values: readonly unknown[]): Promise<SqlTokenRow[]> {
    return (await this.#run(sql, values)).rows;
  }

  protected async change(sql: string, values: readonly unknown[]): Promise<number> {
    return (await this.#run(sql, values)).rowCount ?? 0;
  }

  /** One statement, after the schema is set up; retried when the server rolled it back. */
  async #run(sql: string, values: readonly unknown[]) {
    await this.#ensureSchema();
    return retryRolledBack(
      () => guarded(() => this.#target.pool.query<SqlTokenRow>(this.#config(sql, values))),
      (error) =>
        error instanceof PostgresDriverError &&
        error.code !== undefined &&
        RETRYABLE.has(error.code),
    );
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
