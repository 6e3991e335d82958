import type {
  CallOptions,
  RecordBackend,
  RecordData,
  RecordKeys,
  SyncRecordCalls,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { Database, Transaction } from 'better-sqlite3';
import { isBusy, whileBusy, whileBusyNow } from './busy-retry.js';
import { compactDatabase } from './compact.js';
import { classified } from './driver-error.js';
import { decodeId, encodeId } from './record-id.js';
import { ensureSchema } from './schema.js';
import { type DataRow, prepareStatements, type Statements, type TokenRow } from './statements.js';

/** A backend's write transactions (better-sqlite3 transaction functions). */
interface Writes {
  readonly insert: Transaction<(record: TokenRecord) => WriteResult>;
  readonly replace: Transaction<(next: TokenRecord, previous: TokenRecord) => WriteResult>;
}

/** What a {@link SqliteBackend} works on and whether it owns the connection. */
export interface SqliteBackendTarget {
  readonly db: Database;
  readonly table: string;
  /** True when the backend opened `db` and so closes it. */
  readonly owned: boolean;
  /**
   * How long a call keeps retrying while another connection holds the lock (its own
   * connection's short busy timeout per attempt); undefined: once (a caller's database).
   */
  readonly busyBudgetMs?: number;
}

const KEY_FIELDS = [
  ['userName', 'user_key'],
  ['accessToken', 'access_key'],
  ['refreshToken', 'refresh_key'],
  ['grantToken', 'grant_key'],
] as const satisfies readonly (readonly [UniqueKeyKind, keyof TokenRow])[];

function toRecord(row: TokenRow): TokenRecord {
  // Column by column, not a loop over KEY_FIELDS: keyed reads and writes by a changing name.
  const { user_key, access_key, refresh_key, grant_key } = row;
  const keys: { [K in UniqueKeyKind]?: string } = {};
  if (typeof user_key === 'string') keys.userName = user_key;
  if (typeof access_key === 'string') keys.accessToken = access_key;
  if (typeof refresh_key === 'string') keys.refreshToken = refresh_key;
  if (typeof grant_key === 'string') keys.grantToken = grant_key;
  // Wrong SQL types are passed on as they are: core reports such a record as CORRUPT_RECORD.
  return {
    id: decodeId(row.id),
    version: row.version as number,
    keys,
    data: row.data as string,
  };
}

/** {@link toRecord} of a row read without its key columns (a find's). */
function toData(row: DataRow): RecordData {
  return { id: decodeId(row.id), version: row.version as number, data: row.data as string };
}

/** The key columns' values in table order; NULL where the token lacks the key. */
function keyValues(keys: RecordKeys): (string | null)[] {
  return KEY_FIELDS.map(([kind]) => keys[kind] ?? null);
}

/** A unique or primary key violation: the only constraint errors the table can raise. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Record primitives on one SQLite table through better-sqlite3. The driver is synchronous, so
 * every method runs its statements to completion without yielding; writes run in IMMEDIATE
 * transactions (the write lock is taken first, waiting up to the busy timeout for other
 * processes), and the table's primary key and UNIQUE columns enforce uniqueness across all
 * processes sharing the file. Methods are `async` so that a driver error becomes a rejection.
 */
export class SqliteBackend implements RecordBackend {
  readonly #target: SqliteBackendTarget;
  #statements: Statements | undefined;
  #transactions: Writes | undefined;
  #sync: SyncRecordCalls | undefined;

  constructor(target: SqliteBackendTarget) {
    this.#target = target;
  }

  /**
   * The driver is synchronous: core calls these instead of the asynchronous methods (no promise
   * hops). While another connection holds the lock they answer `undefined`, and core makes the
   * asynchronous call, which waits for the lock in slices.
   */
  get sync(): SyncRecordCalls {
    this.#sync ??= {
      get: (id) =>
        this.#unlessBusy(() => {
          const row = this.#sql().get.get(encodeId(id));
          return row === undefined ? null : toRecord(row);
        }),
      findByKey: (kind, digest) =>
        this.#unlessBusy(() => {
          const row = this.#sql().findByKey[kind].get(digest);
          return row === undefined ? null : toRecord(row);
        }),
      getData: (id) =>
        this.#unlessBusy(() => {
          const row = this.#sql().getData.get(encodeId(id));
          return row === undefined ? null : toData(row);
        }),
      findDataByKey: (kind, digest) =>
        this.#unlessBusy(() => {
          const row = this.#sql().findDataByKey[kind].get(digest);
          return row === undefined ? null : toData(row);
        }),
      insert: (record) => this.#unlessBusy(() => this.#writes().insert.immediate(record)),
      replace: (next, previous) =>
        this.#unlessBusy(() => this.#writes().replace.immediate(next, previous)),
    };
    return this.#sync;
  }

  get(id: string, options?: CallOptions): Promise<TokenRecord | null> {
    return this.#whileBusy(() => {
      const row = this.#sql().get.get(encodeId(id));
      return row === undefined ? null : toRecord(row);
    }, options);
  }

  findByKey(
    kind: UniqueKeyKind,
    digest: string,
    options?: CallOptions,
  ): Promise<TokenRecord | null> {
    return this.#whileBusy(() => {
      const row = this.#sql().findByKey[kind].get(digest);
      return row === undefined ? null : toRecord(row);
    }, options);
  }

  insert(record: TokenRecord, options?: CallOptions): Promise<WriteResult> {
    return this.#whileBusy(() => this.#writes().insert.immediate(record), options);
  }

  replace(next: TokenRecord, previous: TokenRecord, options?: CallOptions): Promise<WriteResult> {
    return this.#whileBusy(() => this.#writes().replace.immediate(next, previous), options);
  }

  delete(id: string, options?: CallOptions): Promise<boolean> {
    return this.#whileBusy(() => this.#sql().delete.run(encodeId(id)).changes > 0, options);
  }

  /** Read and delete in one immediate transaction: no other process writes in between. */
  deleteIfVersion(
    id: string,
    version: number,
    options?: CallOptions,
  ): Promise<'deleted' | 'stale' | 'absent'> {
    const encoded = encodeId(id);
    return this.#whileBusy(() => {
      const sql = this.#sql();
      const remove = this.#target.db.transaction((): 'deleted' | 'stale' | 'absent' => {
        const row = sql.get.get(encoded);
        if (row === undefined) return 'absent';
        if (row.version !== version) return 'stale';
        sql.delete.run(encoded);
        return 'deleted';
      });
      return remove.immediate();
    }, options);
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // Keyset pagination on the primary key: ids never change, so a record present throughout
    // is returned exactly once, and no lock or cursor is held between pages.
    const sql = await this.#whileBusy(() => this.#sql(), undefined);
    let rows = await this.#whileBusy(() => sql.firstPage.all(pageSize), undefined);
    while (rows.length > 0) {
      yield rows.map(toRecord);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!.id;
      rows = await this.#whileBusy(() => sql.nextPage.all(last, pageSize), undefined);
    }
  }

  clear(options?: CallOptions): Promise<void> {
    return this.#whileBusy(() => {
      this.#sql().clear.run();
    }, options);
  }

  /** VACUUM and a truncated WAL: no old row stays in the files (see `compactDatabase`). */
  compact(): Promise<void> {
    return this.#whileBusy(() => compactDatabase(this.#target.db), undefined);
  }

  async close(): Promise<void> {
    if (this.#target.owned && this.#target.db.open) this.#target.db.close();
  }

  /** `SELECT 1` on the connection: fails once the database is closed or unreadable. */
  async ping(): Promise<void> {
    this.#target.db.prepare('SELECT 1').get();
  }

  describe(): string {
    const { db, table, owned } = this.#target;
    return `sqlite ${JSON.stringify(db.name)} table=${table}${owned ? '' : ' (caller-owned database)'}`;
  }

  /** Which of the record's keys another record holds (`undefined` if none is found). */
  #duplicate(sql: Statements, record: TokenRecord): WriteResult {
    const own = encodeId(record.id);
    for (const [kind] of KEY_FIELDS) {
      const digest = record.keys[kind];
      if (digest === undefined) continue;
      const holder = sql.holderOfKey[kind].get(digest);
      if (holder !== undefined && !sameId(holder, own)) return { status: 'duplicate', key: kind };
    }
    return { status: 'duplicate' };
  }

  /**
   * The write transactions, built once: better-sqlite3 prepares BEGIN, COMMIT and ROLLBACK for
   * each `db.transaction(fn)`, which costs more than the write itself when done per call.
   */
  #writes(): Writes {
    if (this.#transactions === undefined) {
      const sql = this.#sql();
      const db = this.#target.db;
      this.#transactions = {
        insert: db.transaction((record: TokenRecord): WriteResult => {
          try {
            sql.insert.run(
              encodeId(record.id),
              record.version,
              ...keyValues(record.keys),
              record.data,
            );
            return { status: 'ok' };
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            // The failed statement wrote nothing; still inside the transaction, see who holds what.
            if (sql.get.get(encodeId(record.id)) !== undefined) {
              return { status: 'duplicate', key: 'id' };
            }
            return this.#duplicate(sql, record);
          }
        }),
        replace: db.transaction((next: TokenRecord, previous: TokenRecord): WriteResult => {
          const before = keyValues(previous.keys);
          const after = keyValues(next.keys);
          let changed = 0;
          const values: unknown[] = [next.version];
          for (let bit = 0; bit < after.length; bit++) {
            if (after[bit] !== before[bit]) {
              changed |= 1 << bit;
              values.push(after[bit]);
            }
          }
          values.push(next.data, encodeId(next.id), previous.version, ...before);
          try {
            const { changes } = sql.replace(changed).run(...values);
            return changes === 1 ? { status: 'ok' } : { status: 'stale' };
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            return this.#duplicate(sql, next);
          }
        }),
      };
    }
    return this.#transactions;
  }

  /**
   * Runs synchronous statements, looking again after sub-millisecond pauses while another
   * connection holds the lock; `undefined` if it still does (a failed statement or transaction
   * changed nothing), where the asynchronous path waits on. Without a budget (a caller's
   * database, whose busy timeout is theirs) it runs once and a busy error is thrown.
   */
  #unlessBusy<T>(work: () => T): T | undefined {
    const budget = this.#target.busyBudgetMs;
    try {
      return budget === undefined ? work() : whileBusyNow(work, budget);
    } catch (error) {
      if (budget !== undefined && isBusy(error)) return undefined;
      throw classified(error, this.#target.table);
    }
  }

  /**
   * Runs synchronous statements, retrying asynchronously while another process holds a lock.
   * A table gone from under the store is reported as such (see `classified`).
   */
  #whileBusy<T>(work: () => T, options: CallOptions | undefined): Promise<T> {
    const { busyBudgetMs, table } = this.#target;
    return whileBusy(
      () => {
        try {
          return work();
        } catch (error) {
          throw classified(error, table);
        }
      },
      busyBudgetMs,
      options,
    );
  }

  /** The prepared statements, setting the schema up on first use (once per backend). */
  #sql(): Statements {
    if (this.#statements === undefined) {
      ensureSchema(this.#target.db, this.#target.table);
      this.#statements = prepareStatements(this.#target.db, this.#target.table);
    }
    return this.#statements;
  }
}

function sameId(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b;
}
