import { createHash } from 'node:crypto';
import type {
  RecordBackend,
  RecordKeys,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { Pool, QueryConfig } from 'pg';
import { guarded, PostgresDriverError, RETRYABLE, UNIQUE_VIOLATION } from './driver-error.js';
import { decodeId, encodeId, MAX_ID_BYTES, writableId } from './record-id.js';
import { constraintNames, ensureSchema } from './schema.js';
import { type Statements, statementsFor, type TokenRow } from './statements.js';

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

const KEY_FIELDS = [
  ['userName', 'user_key'],
  ['accessToken', 'access_key'],
  ['refreshToken', 'refresh_key'],
  ['grantToken', 'grant_key'],
] as const satisfies readonly (readonly [UniqueKeyKind, keyof TokenRow])[];

function toRecord(row: TokenRow): TokenRecord {
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const [kind, column] of KEY_FIELDS) {
    const digest = row[column];
    if (typeof digest === 'string') keys[kind] = digest;
  }
  // bigint arrives as a string. Wrong types pass on as they are: core reports CORRUPT_RECORD.
  const version = typeof row.version === 'string' ? Number(row.version) : row.version;
  return { id: decodeId(row.id), version: version as number, keys, data: row.data as string };
}

/** The key columns' values in table order; NULL where the token lacks the key. */
function keyValues(keys: RecordKeys): (string | null)[] {
  return KEY_FIELDS.map(([kind]) => keys[kind] ?? null);
}

/** How often a statement rolled back by a deadlock or serialisation failure is run again. */
const STATEMENT_ATTEMPTS = 5;

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
  readonly #sql: Statements;
  readonly #constraints: Map<string, UniqueKeyKind | 'id'>;
  readonly #names = new Map<string, string>();
  #schema: Promise<void> | undefined;

  constructor(target: PostgresBackendTarget) {
    this.#target = target;
    this.#sql = statementsFor(target.table);
    const names = constraintNames(target.table);
    this.#constraints = new Map(
      Object.entries(names).map(([kind, name]) => [name, kind as UniqueKeyKind | 'id']),
    );
  }

  async get(id: string): Promise<TokenRecord | null> {
    const bytes = encodeId(id);
    if (bytes.length > MAX_ID_BYTES) return null; // never stored: see writableId
    const rows = await this.#query(this.#sql.get, [bytes]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const rows = await this.#query(this.#sql.findByKey[kind], [digest]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const id = writableId(record.id);
    return this.#write(async () => {
      await this.#query(this.#sql.insert, [
        id,
        record.version,
        ...keyValues(record.keys),
        record.data,
      ]);
      return { status: 'ok' };
    });
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    return this.#write(async () => {
      const changed = await this.#change(this.#sql.replace, [
        next.version,
        ...keyValues(next.keys),
        next.data,
        encodeId(next.id),
        previous.version,
      ]);
      return changed === 1 ? { status: 'ok' } : { status: 'stale' };
    });
  }

  async delete(id: string): Promise<boolean> {
    const bytes = encodeId(id);
    if (bytes.length > MAX_ID_BYTES) return false;
    return (await this.#change(this.#sql.delete, [bytes])) > 0;
  }

  /**
   * One `DELETE … WHERE id AND version`: the server checks the version under the row lock, so a
   * save that commits first makes it remove nothing. Only then is the row looked up, to tell a
   * newer version from none.
   */
  async deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    const bytes = encodeId(id);
    if (bytes.length > MAX_ID_BYTES) return 'absent';
    if ((await this.#change(this.#sql.deleteIfVersion, [bytes, version])) > 0) return 'deleted';
    return (await this.get(id)) === null ? 'absent' : 'stale';
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // Keyset pagination on the primary key, in byte order: ids never change, so a record
    // present throughout is returned exactly once, and nothing is held open between pages.
    let rows = await this.#query(this.#sql.firstPage, [pageSize]);
    while (rows.length > 0) {
      yield rows.map(toRecord);
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
  async #write(write: () => Promise<WriteResult>): Promise<WriteResult> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof PostgresDriverError) || error.code !== UNIQUE_VIOLATION) throw error;
      const key =
        error.constraint === undefined ? undefined : this.#constraints.get(error.constraint);
      return key === undefined ? { status: 'duplicate' } : { status: 'duplicate', key };
    }
  }

  async #query(sql: string, values: readonly unknown[]): Promise<TokenRow[]> {
    return (await this.#run(sql, values)).rows;
  }

  async #change(sql: string, values: readonly unknown[]): Promise<number> {
    return (await this.#run(sql, values)).rowCount ?? 0;
  }

  /** One statement, after the schema is set up; retried when the server rolled it back. */
  async #run(sql: string, values: readonly unknown[]) {
    await this.#ensureSchema();
    for (let attempt = 1; ; attempt++) {
      try {
        return await guarded(() => this.#target.pool.query<TokenRow>(this.#config(sql, values)));
      } catch (error) {
        const retry =
          error instanceof PostgresDriverError &&
          error.code !== undefined &&
          RETRYABLE.has(error.code) &&
          attempt < STATEMENT_ATTEMPTS;
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * Math.random()));
      }
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

  /** Sets the table up on first use, once per backend; a failed set-up is tried again next call. */
  #ensureSchema(): Promise<void> {
    this.#schema ??= guarded(() => ensureSchema(this.#target.pool, this.#target.table)).catch(
      (error: unknown) => {
        this.#schema = undefined;
        throw error;
      },
    );
    return this.#schema;
  }
}
