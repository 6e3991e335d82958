import type {
  RecordBackend,
  RecordKeys,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { DEADLOCK, DUPLICATE_ENTRY, guarded, MysqlDriverError } from './driver-error.js';
import { decodeId, encodeId, MAX_ID_BYTES, writableId } from './record-id.js';
import { ensureSchema, KEY_COLUMNS, MAX_DIGEST_BYTES } from './schema.js';
import { type Statements, statementsFor, type TokenRow } from './statements.js';

/** What a {@link MysqlBackend} works on and whether it owns the pool. */
export interface MysqlBackendTarget {
  readonly pool: Pool;
  readonly table: string;
  /** True when the backend created `pool` and so ends it. */
  readonly owned: boolean;
  /** Where the pool connects, for `describe()` (no password). */
  readonly where: string;
}

const KEY_FIELDS = [
  ['userName', 'user_key'],
  ['accessToken', 'access_key'],
  ['refreshToken', 'refresh_key'],
  ['grantToken', 'grant_key'],
] as const satisfies readonly (readonly [UniqueKeyKind, keyof TokenRow])[];

/** Which key a duplicate entry's index stands for. */
const INDEX_KINDS = new Map<string, UniqueKeyKind | 'id'>([
  ['PRIMARY', 'id'],
  ...KEY_FIELDS.map(([kind]) => [KEY_COLUMNS[kind], kind] as const),
]);

/** A binary column's value as text (a caller's pool may return strings with `typeCast`). */
function text(value: unknown): unknown {
  return Buffer.isBuffer(value) ? value.toString('utf8') : value;
}

function toRecord(row: TokenRow): TokenRecord {
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const [kind, column] of KEY_FIELDS) {
    const digest = text(row[column]);
    if (typeof digest === 'string') keys[kind] = digest;
  }
  // BIGINT may arrive as a string (supportBigNumbers). Wrong types pass on: core reports them.
  const version = typeof row.version === 'string' ? Number(row.version) : row.version;
  return {
    id: decodeId(row.id),
    version: version as number,
    keys,
    data: text(row.data) as string,
  };
}

/** The key columns' values in table order; NULL where the token lacks the key. */
function keyValues(keys: RecordKeys): (Buffer | null)[] {
  return KEY_FIELDS.map(([kind]) => {
    const digest = keys[kind];
    if (digest === undefined) return null;
    const bytes = Buffer.from(digest, 'utf8');
    // A strict server refuses a longer value, a lax one would truncate it: refuse it here.
    if (bytes.length > MAX_DIGEST_BYTES) throw new Error(`a ${kind} key digest is too long`);
    return bytes;
  });
}

/** How often a statement rolled back by a deadlock is run again. */
const STATEMENT_ATTEMPTS = 5;

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
  readonly #sql: Statements;
  #schema: Promise<void> | undefined;

  constructor(target: MysqlBackendTarget) {
    this.#target = target;
    this.#sql = statementsFor(target.table);
  }

  async get(id: string): Promise<TokenRecord | null> {
    const bytes = encodeId(id);
    if (bytes.length > MAX_ID_BYTES) return null; // never stored: see writableId
    const rows = await this.#rows(this.#sql.get, [bytes]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const rows = await this.#rows(this.#sql.findByKey[kind], [Buffer.from(digest, 'utf8')]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const id = writableId(record.id);
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
      encodeId(next.id),
      previous.version,
    ];
    return this.#write(async () => {
      const changed = await this.#change(this.#sql.replace, values);
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
  async #write(write: () => Promise<WriteResult>): Promise<WriteResult> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof MysqlDriverError) || error.errno !== DUPLICATE_ENTRY) throw error;
      const key = error.index === undefined ? undefined : INDEX_KINDS.get(error.index);
      return key === undefined ? { status: 'duplicate' } : { status: 'duplicate', key };
    }
  }

  async #rows(sql: string, values: readonly unknown[]): Promise<TokenRow[]> {
    return (await this.#run(sql, values)) as RowDataPacket[] as TokenRow[];
  }

  async #change(sql: string, values: readonly unknown[]): Promise<number> {
    return ((await this.#run(sql, values)) as ResultSetHeader).affectedRows;
  }

  /** One prepared statement, after the schema is set up; retried after a deadlock. */
  async #run(sql: string, values: readonly unknown[]): Promise<unknown> {
    await this.#ensureSchema();
    for (let attempt = 1; ; attempt++) {
      try {
        const [result] = await guarded(() =>
          this.#target.pool.execute(sql, values as (Buffer | number | string | null)[]),
        );
        return result;
      } catch (error) {
        const retry =
          error instanceof MysqlDriverError &&
          error.errno === DEADLOCK &&
          attempt < STATEMENT_ATTEMPTS;
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * Math.random()));
      }
    }
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
