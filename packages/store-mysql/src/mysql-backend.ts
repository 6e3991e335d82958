import {
  type DuplicateResult,
  duplicateOf,
  encodeBinaryId,
  keyColumnValues,
  type RecordBackend,
  type RecordKeys,
  readableBinaryId,
  recordFromRow,
  retryRolledBack,
  SQL_KEY_COLUMNS,
  SQL_KEY_KINDS,
  type SqlStatements,
  type SqlTokenRow,
  setUpOnce,
  type TokenRecord,
  type UniqueKeyKind,
  type WriteResult,
  writableBinaryId,
  writeUnlessDuplicate,
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
  ...SQL_KEY_KINDS.map((kind) => [SQL_KEY_COLUMNS[kind], kind] as const),
]);

/** A binary column's value as text (a caller's pool may return strings with `typeCast`). */
function text(value: unknown): unknown {
  return Buffer.isBuffer(value) ? value.toString('utf8') : value;
}

/** The key columns' values in table order; NULL where the token lacks the key. */
function keyValues(keys: RecordKeys): (Buffer | null)[] {
  return keyColumnValues(keys).map((digest, i) => {
    if (digest === null) return null;
    const bytes = Buffer.from(digest, 'utf8');
    // A strict server refuses a longer value, a lax one would truncate it: refuse it here.
    if (bytes.length > MAX_DIGEST_BYTES) {
      throw new Error(`a ${SQL_KEY_KINDS[i]} key digest is too long`);
    }
    return bytes;
  });
}

/** A duplicate entry (ER_DUP_ENTRY) as the outcome of a write, naming the key its index holds. */
function duplicateEntry(error: unknown): DuplicateResult | undefined {
  if (!(error instanceof MysqlDriverError) || error.errno !== DUPLICATE_ENTRY) return;
  return duplicateOf(error.index === undefined ? undefined : INDEX_KINDS.get(error.index));
}

/** The record a row stands for; binary digest and data columns read as UTF-8. */
function toRecord(row: SqlTokenRow): TokenRecord {
  return recordFromRow(row, text);
}

/**
 * Record primitives on one InnoDB table through a mysql2 pool, as server-side prepared
 * statements. Every write is one autocommitted statement: an INSERT that the primary key and
 * the unique indexes on the key digests refuse (ER_DUP_ENTRY becomes `duplicate`; no INSERT
 * IGNORE, which would hide other errors too), and a compare-and-set `UPDATE … WHERE id = ? AND
 * version = ?` (no row changed: `stale`). InnoDB's UPDATE reads the latest committed row under
 * its lock, so two writers with one expected version never both succeed.
 */
export class MysqlBackend implements RecordBackend {
  readonly #target: MysqlBackendTarget;
  readonly #sql: SqlStatements;
  /** Sets the table up on first use, once per backend; a failed set-up runs again next call. */
  readonly #ensureSchema: () => Promise<void>;

  constructor(target: MysqlBackendTarget) {
    this.#target = target;
    this.#sql = statementsFor(target.table);
    this.#ensureSchema = setUpOnce(() => guarded(() => ensureSchema(target.pool, target.table)));
  }

  async get(id: string): Promise<TokenRecord | null> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return null; // never stored: see writableBinaryId
    const rows = await this.#rows(this.#sql.get, [bytes]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const rows = await this.#rows(this.#sql.findByKey[kind], [Buffer.from(digest, 'utf8')]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const id = writableBinaryId(record.id);
    const values = [id, record.version, ...keyValues(record.keys), Buffer.from(record.data)];
    return this.#write(async () => {
      await this.#change(this.#sql.insert, values);
      return { status: 'ok' };
    });
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const values = [
      next.version,
      ...keyValues(next.keys),
      Buffer.from(next.data),
      encodeBinaryId(next.id),
      previous.version,
    ];
    return this.#write(async () => {
      const changed = await this.#change(this.#sql.replace, values);
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
    // LIMIT takes a string: MySQL 8.0.22+ refuses the DOUBLE that mysql2 sends for a number.
    const limit = String(pageSize);
    let rows = await this.#rows(this.#sql.firstPage, [limit]);
    while (rows.length > 0) {
      yield rows.map(toRecord);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      rows = await this.#rows(this.#sql.nextPage, [last.id, limit]);
    }
  }

  async clear(): Promise<void> {
    await this.#change(this.#sql.clear, []);
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

  /** Runs a write; a duplicate entry is a `duplicate` naming the key when the server says. */
  #write(write: () => Promise<WriteResult>): Promise<WriteResult> {
    return writeUnlessDuplicate(write, duplicateEntry);
  }

  async #rows(sql: string, values: readonly unknown[]): Promise<SqlTokenRow[]> {
    return (await this.#run(sql, values)) as RowDataPacket[] as SqlTokenRow[];
  }

  async #change(sql: string, values: readonly unknown[]): Promise<number> {
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
