import type { CallOptions, RecordBackend } from '../backend.js';
import type { UniqueKeyKind } from '../lookup-key.js';
import { UNIQUE_KEY_KINDS } from '../lookup-key.js';
import type { RecordKeys, TokenRecord, WriteResult } from '../record.js';
import { encodeBinaryId, readableBinaryId, writableBinaryId } from './binary-id.js';
import { keyMask } from './columns.js';
import { recordFromRow, type SqlTokenRow } from './row.js';
import type { SqlStatements } from './statements.js';
import { type DuplicateResult, writeUnlessDuplicate } from './writes.js';

/**
 * The record primitives on one SQL token table ({@link sqlStatements}' layout, a binary id
 * column), the same for every dialect: lookups by primary key and unique key columns, an INSERT
 * that the unique constraints refuse (`duplicate`), a compare-and-set `UPDATE … WHERE id AND
 * version AND the key columns AND the data it was read with` (no row changed: `stale`), a
 * `DELETE … WHERE id AND version`, and keyset pagination on the primary key. A dialect's backend extends it with how it runs a statement, which error is a
 * unique violation, how it binds values, and its connection's `close`, `ping` and `describe`.
 */
export abstract class SqlTableBackend implements RecordBackend {
  /**
   * Every call is a round trip to the database server, and `replace` changes a row only while it
   * holds the version, the keys and the data it was read with: a save may start from the record
   * found.
   */
  readonly remote = true;
  readonly #sql: SqlStatements;

  /** @param statements - the table's statements in the dialect's quoting and placeholders */
  protected constructor(statements: SqlStatements) {
    this.#sql = statements;
  }

  /**
   * Runs a SELECT of token rows. `options` are core's for this call: a dialect whose server can
   * cancel a statement should do so when `options.signal` aborts (the call outlived the store's
   * timeout), and should not read the signal otherwise.
   */
  protected abstract rows(
    sql: string,
    values: readonly unknown[],
    options?: CallOptions,
  ): Promise<SqlTokenRow[]>;
  /** Runs a write; the number of rows it changed. `options` as for {@link SqlTableBackend.rows}. */
  protected abstract change(
    sql: string,
    values: readonly unknown[],
    options?: CallOptions,
  ): Promise<number>;
  /** The outcome a write's error stands for (a unique violation), or `undefined` to throw it. */
  protected abstract duplicate(error: unknown): DuplicateResult | undefined;

  /** How a key digest is bound (default: as text). */
  protected bindKey(digest: string, _kind: UniqueKeyKind): unknown {
    return digest;
  }
  /** How the record's data is bound (default: as text). */
  protected bindData(data: string): unknown {
    return data;
  }
  /** How a page size is bound in LIMIT (default: as a number). */
  protected bindLimit(pageSize: number): unknown {
    return pageSize;
  }
  /** How a driver's value of a digest or data column is read as text (default: as it is). */
  protected readText(value: unknown): unknown {
    return value;
  }

  abstract close(): Promise<void>;
  abstract describe(): string;

  async get(id: string, options?: CallOptions): Promise<TokenRecord | null> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return null; // never stored: see writableBinaryId
    return this.#one(await this.rows(this.#sql.get, [bytes], options));
  }

  async findByKey(
    kind: UniqueKeyKind,
    digest: string,
    options?: CallOptions,
  ): Promise<TokenRecord | null> {
    return this.#one(
      await this.rows(this.#sql.findByKey[kind], [this.bindKey(digest, kind)], options),
    );
  }

  async insert(record: TokenRecord, options?: CallOptions): Promise<WriteResult> {
    const values = [
      writableBinaryId(record.id),
      record.version,
      ...this.#keys(record.keys),
      this.bindData(record.data),
    ];
    return writeUnlessDuplicate(
      async () => {
        await this.change(this.#sql.insert, values, options);
        return { status: 'ok' };
      },
      (error) => this.duplicate(error),
    );
  }

  async replace(
    next: TokenRecord,
    previous: TokenRecord,
    options?: CallOptions,
  ): Promise<WriteResult> {
    const values = [
      next.version,
      ...this.#keys(next.keys),
      this.bindData(next.data),
      encodeBinaryId(next.id),
      previous.version,
      ...this.#keys(previous.keys).filter((value) => value !== null),
      this.bindData(previous.data),
    ];
    const sql = this.#sql.replace[keyMask(previous.keys)] as string;
    return writeUnlessDuplicate(
      async () => {
        const changed = await this.change(sql, values, options);
        return changed === 1 ? { status: 'ok' } : { status: 'stale' };
      },
      (error) => this.duplicate(error),
    );
  }

  async delete(id: string, options?: CallOptions): Promise<boolean> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return false;
    return (await this.change(this.#sql.delete, [bytes], options)) > 0;
  }

  /**
   * One `DELETE … WHERE id AND version`: the server checks the version under the row lock, so a
   * save that commits first makes it remove nothing. Only then is the row looked up, to tell a
   * newer version from none.
   */
  async deleteIfVersion(
    id: string,
    version: number,
    options?: CallOptions,
  ): Promise<'deleted' | 'stale' | 'absent'> {
    const bytes = readableBinaryId(id);
    if (bytes === undefined) return 'absent';
    if ((await this.change(this.#sql.deleteIfVersion, [bytes, version], options)) > 0) {
      return 'deleted';
    }
    return (await this.get(id, options)) === null ? 'absent' : 'stale';
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // Keyset pagination on the primary key, in byte order: ids never change, so a record
    // present throughout is returned exactly once, and nothing is held open between pages.
    const limit = this.bindLimit(pageSize);
    let rows = await this.rows(this.#sql.firstPage, [limit]);
    while (rows.length > 0) {
      yield rows.map((row) => this.#record(row));
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1] as SqlTokenRow;
      rows = await this.rows(this.#sql.nextPage, [last.id, limit]);
    }
  }

  async clear(options?: CallOptions): Promise<void> {
    await this.change(this.#sql.clear, [], options);
  }

  #one(rows: readonly SqlTokenRow[]): TokenRecord | null {
    return rows[0] === undefined ? null : this.#record(rows[0]);
  }

  #record(row: SqlTokenRow): TokenRecord {
    return recordFromRow(row, (value) => this.readText(value));
  }

  /** The key columns' values in table order; NULL where the token lacks the key. */
  #keys(keys: RecordKeys): unknown[] {
    return UNIQUE_KEY_KINDS.map((kind) => {
      const digest = keys[kind];
      return digest === undefined ? null : this.bindKey(digest, kind);
    });
  }
}
