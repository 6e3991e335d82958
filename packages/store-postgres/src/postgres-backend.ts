import { createHash } from 'node:crypto';
import {
  type DuplicateResult,
  duplicateOf,
  encodeBinaryId,
  keyColumnValues,
  type RecordBackend,
  readableBinaryId,
  recordFromRow,
  retryRolledBack,
  type SqlStatements,
  type SqlTokenRow,
  setUpOnce,
  type TokenRecord,
  type UniqueKeyKind,
  type WriteResult,
  writableBinaryId,
  writeUnlessDuplicate,
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
 * Record primitives on one PostgreSQL table through a node-postgres pool. Every write is one
 * statement in its own transaction: an INSERT that the primary key and the unique constraints
 * on the key digests refuse (unique_violation becomes `duplicate`), and a compare-and-set
 * `UPDATE … WHERE id = $7 AND version = $8` (no row changed: `stale`). Under READ COMMITTED a
 * concurrent UPDATE of the same row waits for the first and re-checks its WHERE against the
 * committed row, so two writers with one expected version never both succeed.
 */
export class PostgresBackend implements RecordBackend {
  readonly #target: PostgresBackendTarget;
  readonly #sql: SqlStatements;
  readonly #constraints: Map<string, UniqueKeyKind | 'id'>;
  readonly #names = new Map<string, string>();
  /** Sets the table up on first use, once per backend; a failed set-up runs again next call. */
  readonly #ensureSchema: () => Promise<void>;

  constructor(target: PostgresBackendTarget) {
    this.#target = target;
    this.#sql = statementsFor(target.table);
    const names = constraintNames(target.table);
    this.#constraints = new Map(
      Object.entries(names).map(([kind, name]) => [name, kind as UniqueKeyKind | 'id']),
    );
    this.#ensureSchema = setUpOnce(() => guarded(() => ensureSchema(target.pool, target.table)));
  }

  async get(id: string): Promise<TokenRecord | null> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return null; // never stored: see writableBinaryId
    const rows = await this.#query(this.#sql.get, [bytes]);
    return rows[0] === undefined ? null : recordFromRow(rows[0]);
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const rows = await this.#query(this.#sql.findByKey[kind], [digest]);
    return rows[0] === undefined ? null : recordFromRow(rows[0]);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const id = writableBinaryId(record.id);
    return this.#write(async () => {
      await this.#query(this.#sql.insert, [
        id,
        record.version,
        ...keyColumnValues(record.keys),
        record.data,
      ]);
      return { status: 'ok' };
    });
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    return this.#write(async () => {
      const changed = await this.#change(this.#sql.replace, [
        next.version,
        ...keyColumnValues(next.keys),
        next.data,
        encodeBinaryId(next.id),
        previous.version,
      ]);
      return changed === 1 ? { status: 'ok' } : { status: 'stale' };
    });
  }

  async delete(id: string): Promise<boolean> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return false;
    return (await this.#change(this.#sql.delete, [bytes])) > 0;
  }

  /**
   * One `DELETE … WHERE id AND version`: the server checks the version under the row lock, so a
   * save that commits first makes it remove nothing. Only then is the row looked up, to tell a
   * newer version from none.
   */
  async deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return 'absent';
    if ((await this.#change(this.#sql.deleteIfVersion, [bytes, version])) > 0) return 'deleted';
    return (await this.get(id)) === null ? 'absent' : 'stale';
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // Keyset pagination on the primary key, in byte order: ids never change, so a record
    // present throughout is returned exactly once, and nothing is held open between pages.
    let rows = await this.#query(this.#sql.firstPage, [pageSize]);
    while (rows.length > 0) {
      yield rows.map((row) => recordFromRow(row));
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      rows = await this.#query(this.#sql.nextPage, [last.id, pageSize]);
    }
  }

  async clear(): Promise<void> {
    await this.#change(this.#sql.clear, []);
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

  /** Runs a write; a unique violation is a `duplicate` naming the key when the server says. */
  #write(write: () => Promise<WriteResult>): Promise<WriteResult> {
    return writeUnlessDuplicate(write, (error) => this.#duplicate(error));
  }

  #duplicate(error: unknown): DuplicateResult | undefined {
    if (!(error instanceof PostgresDriverError) || error.code !== UNIQUE_VIOLATION) return;
    return duplicateOf(
      error.constraint === undefined ? undefined : this.#constraints.get(error.constraint),
    );
  }

  async #query(sql: string, values: readonly unknown[]): Promise<SqlTokenRow[]> {
    return (await this.#run(sql, values)).rows;
  }

  async #change(sql: string, values: readonly unknown[]): Promise<number> {
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
