import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WriteResult } from '@tokenstore/core/backend';
import type { Database, Statement } from 'better-sqlite3';
import type { BenchToken } from '../token-fixtures.js';
import { sqlitePeers } from './peers.js';
import { RAW_FIELDS as FIELDS, RAW_PLACEHOLDERS, rawRow } from './raw-table.js';
import { seedRecord } from './seed-record.js';
import type { BenchTarget, OpenTarget, RawDriver } from './target.js';

const STORE_TABLE = 'tokens';

/**
 * A hand-written SQLite token table: a column per field, the same unique indexes as the store
 * (userName, accessToken, clientId + refreshToken, clientId + grantToken), prepared statements.
 */
export function createRawTable(db: Database): void {
  db.exec(`CREATE TABLE raw_tokens (
    id TEXT NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    user_name TEXT UNIQUE,
    client_id TEXT,
    client_secret TEXT,
    redirect_url TEXT,
    grant_token TEXT,
    refresh_token TEXT,
    access_token TEXT UNIQUE,
    api_domain TEXT,
    expires_at INTEGER,
    UNIQUE (client_id, refresh_token),
    UNIQUE (client_id, grant_token)
  )`);
}

class SqliteDriver implements RawDriver {
  readonly label = 'better-sqlite3 prepared statements, plain table, same unique indexes';
  readonly #insert: Statement;
  readonly #delete: Statement;
  readonly #update: Statement;
  readonly #byUser: Statement;
  readonly #byAccess: Statement;
  readonly #byRefresh: Statement;
  readonly #byGrant: Statement;
  readonly #byId: Statement;
  readonly #firstPage: Statement;
  readonly #nextPage: Statement;
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
    createRawTable(db);
    this.#insert = db.prepare(`INSERT INTO raw_tokens (${FIELDS}) VALUES (${RAW_PLACEHOLDERS})`);
    this.#delete = db.prepare('DELETE FROM raw_tokens WHERE id = ?');
    this.#update = db.prepare(
      'UPDATE raw_tokens SET access_token = ?, expires_at = ?, version = version + 1 WHERE user_name = ?',
    );
    this.#byUser = db.prepare(`SELECT ${FIELDS} FROM raw_tokens WHERE user_name = ?`);
    this.#byAccess = db.prepare(`SELECT ${FIELDS} FROM raw_tokens WHERE access_token = ?`);
    this.#byRefresh = db.prepare(
      `SELECT ${FIELDS} FROM raw_tokens WHERE client_id = ? AND refresh_token = ?`,
    );
    this.#byGrant = db.prepare(
      `SELECT ${FIELDS} FROM raw_tokens WHERE client_id = ? AND grant_token = ?`,
    );
    this.#byId = db.prepare(`SELECT ${FIELDS} FROM raw_tokens WHERE id = ?`);
    this.#firstPage = db.prepare(`SELECT ${FIELDS} FROM raw_tokens ORDER BY id LIMIT ?`);
    this.#nextPage = db.prepare(
      `SELECT ${FIELDS} FROM raw_tokens WHERE id > ? ORDER BY id LIMIT ?`,
    );
  }

  insert(t: BenchToken): void {
    this.#insert.run(rawRow(t));
  }

  insertMany(tokens: readonly BenchToken[]): void {
    this.#db.transaction(() => {
      for (const token of tokens) this.insert(token);
    })();
  }

  delete({ id }: BenchToken): void {
    this.#delete.run(id);
  }

  updateByUserName({ userName }: BenchToken, accessToken: string, expiresAt: number): void {
    this.#update.run(accessToken, expiresAt, userName);
  }

  findByUserName({ userName }: BenchToken): unknown {
    return this.#byUser.get(userName);
  }

  findByAccessToken({ accessToken }: BenchToken): unknown {
    return this.#byAccess.get(accessToken);
  }

  findByClientRefresh({ clientId, refreshToken }: BenchToken): unknown {
    return this.#byRefresh.get(clientId, refreshToken);
  }

  findByClientGrant({ clientId, grantToken }: BenchToken): unknown {
    return this.#byGrant.get(clientId, grantToken);
  }

  findById({ id }: BenchToken): unknown {
    return this.#byId.get(id);
  }

  async scanAll(): Promise<number> {
    const pageSize = 100;
    let n = 0;
    let rows = this.#firstPage.all(pageSize) as { id: string }[];
    while (rows.length > 0) {
      n += rows.length;
      if (rows.length < pageSize) break;
      rows = this.#nextPage.all(rows[rows.length - 1]?.id, pageSize) as { id: string }[];
    }
    return n;
  }
}

/**
 * SQLite in a temp file: the store and the raw table share one better-sqlite3 connection with
 * the settings the store uses on a file it opens itself (WAL, synchronous FULL, 5 s busy
 * timeout), so both pay the same fsync per committed write.
 */
export const sqliteTarget: BenchTarget = {
  name: 'sqlite',
  maxTokens: { count: 1_000_000, why: 'a local file (about 1.3 GB at 1M for both tables)' },
  concurrency: false,
  async open(): Promise<OpenTarget> {
    const { SqliteBackend, SqliteTokenStore } = await import('@tokenstore/store-sqlite');
    const { default: Sqlite } = await import('better-sqlite3');
    const dir = mkdtempSync(join(tmpdir(), 'tokenstore-bench-sqlite-'));
    const db = new Sqlite(join(dir, 'bench.db'), { timeout: 5000 });
    db.pragma('synchronous = FULL');
    db.pragma('journal_mode = WAL');
    const store = new SqliteTokenStore({ database: db, table: STORE_TABLE });
    const backend = new SqliteBackend({ db, table: STORE_TABLE, owned: false });
    const raw = new SqliteDriver(db);
    return {
      store,
      raw,
      async seedStore(tokens, updatedAt) {
        // One transaction per batch; each backend insert runs synchronously inside it (its own
        // IMMEDIATE transaction becomes a savepoint), exactly the statements saveToken runs.
        const results: Promise<WriteResult>[] = [];
        db.transaction(() => {
          for (const token of tokens) results.push(backend.insert(seedRecord(token, updatedAt)));
        })();
        for (const result of await Promise.all(results)) {
          if (result.status !== 'ok') throw new Error(`sqlite seed: ${result.status}`);
        }
      },
      async seedRaw(tokens) {
        raw.insertMany(tokens);
      },
      async readStored(id) {
        return db.prepare(`SELECT * FROM ${STORE_TABLE} WHERE id = ?`).get(id);
      },
      peers: () => sqlitePeers(dir),
      async close() {
        await store.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
