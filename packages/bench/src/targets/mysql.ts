import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { BenchToken } from '../token-fixtures.js';
import { RAW_FIELDS as FIELDS, RAW_PLACEHOLDERS, rawRow as values } from './raw-table.js';
import { seedThroughBackend } from './seed-record.js';
import type { BenchTarget, OpenTarget, RawDriver } from './target.js';

const STORE_TABLE = 'tokens';
/** Seeding: rows per multi-row INSERT of the raw table, and backend inserts in flight. */
const RAW_BATCH = 1_000;
const SEED_IN_FLIGHT = 64;

/**
 * A hand-written token table as most MySQL apps write one: VARCHAR columns in utf8mb4 with its
 * default collation, a column per field, the same unique indexes as the store.
 */
const CREATE_RAW = `CREATE TABLE raw_tokens (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  version INT NOT NULL,
  user_name VARCHAR(255),
  client_id VARCHAR(255),
  client_secret VARCHAR(255),
  redirect_url VARCHAR(1024),
  grant_token VARCHAR(255),
  refresh_token VARCHAR(255),
  access_token VARCHAR(512),
  api_domain VARCHAR(255),
  expires_at BIGINT,
  UNIQUE KEY (user_name),
  UNIQUE KEY (access_token),
  UNIQUE KEY (client_id, refresh_token),
  UNIQUE KEY (client_id, grant_token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

/** mysql2 prepared statements (execute) on the plain table. */
class MysqlDriver implements RawDriver {
  readonly label = 'mysql2 prepared statements (execute), plain utf8mb4 table, same unique indexes';
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async #one(sql: string, params: (string | number)[]): Promise<unknown> {
    const [rows] = await this.#pool.execute(sql, params);
    return Array.isArray(rows) ? rows[0] : rows;
  }

  insert(t: BenchToken): Promise<unknown> {
    return this.#one(`INSERT INTO raw_tokens (${FIELDS}) VALUES (${RAW_PLACEHOLDERS})`, values(t));
  }

  async insertMany(tokens: readonly BenchToken[]): Promise<void> {
    await this.#pool.query(`INSERT INTO raw_tokens (${FIELDS}) VALUES ?`, [tokens.map(values)]);
  }

  delete(t: BenchToken): Promise<unknown> {
    return this.#one('DELETE FROM raw_tokens WHERE id = ?', [t.id]);
  }

  updateByUserName(t: BenchToken, accessToken: string, expiresAt: number): Promise<unknown> {
    return this.#one(
      'UPDATE raw_tokens SET access_token = ?, expires_at = ?, version = version + 1 WHERE user_name = ?',
      [accessToken, expiresAt, t.userName],
    );
  }

  findByUserName(t: BenchToken): Promise<unknown> {
    return this.#one(`SELECT ${FIELDS} FROM raw_tokens WHERE user_name = ?`, [t.userName]);
  }

  findByAccessToken(t: BenchToken): Promise<unknown> {
    return this.#one(`SELECT ${FIELDS} FROM raw_tokens WHERE access_token = ?`, [t.accessToken]);
  }

  findByClientRefresh(t: BenchToken): Promise<unknown> {
    return this.#one(`SELECT ${FIELDS} FROM raw_tokens WHERE client_id = ? AND refresh_token = ?`, [
      t.clientId,
      t.refreshToken,
    ]);
  }

  findByClientGrant(t: BenchToken): Promise<unknown> {
    return this.#one(`SELECT ${FIELDS} FROM raw_tokens WHERE client_id = ? AND grant_token = ?`, [
      t.clientId,
      t.grantToken,
    ]);
  }

  findById(t: BenchToken): Promise<unknown> {
    return this.#one(`SELECT ${FIELDS} FROM raw_tokens WHERE id = ?`, [t.id]);
  }

  async scanAll(): Promise<number> {
    const pageSize = '100';
    let n = 0;
    let [rows] = await this.#pool.execute<RowDataPacket[]>(
      `SELECT ${FIELDS} FROM raw_tokens ORDER BY id LIMIT ?`,
      [pageSize],
    );
    while (rows.length > 0) {
      n += rows.length;
      if (rows.length < Number(pageSize)) break;
      const last = rows[rows.length - 1]?.id as string;
      [rows] = await this.#pool.execute<RowDataPacket[]>(
        `SELECT ${FIELDS} FROM raw_tokens WHERE id > ? ORDER BY id LIMIT ?`,
        [last, pageSize],
      );
    }
    return n;
  }
}

/**
 * MariaDB started by the benchmark (or MYSQL_URL: MySQL 8 or MariaDB), with its default
 * durability (innodb_flush_log_at_trx_commit = 1): the store and the raw table pay the same
 * commit per write. The raw driver's pool has the store's size (10).
 */
export const mysqlTarget: BenchTarget = {
  name: 'mysql',
  maxTokens: {
    count: 100_000,
    why: 'seeding a server database through single-row inserts on the shared machine',
  },
  concurrency: true,
  async open(): Promise<OpenTarget> {
    const { MysqlBackend, MysqlTokenStore } = await import('@tokenstore/store-mysql');
    const { default: mysql } = await import('mysql2/promise');
    const { startMariaDb } = await import('@tokenstore/test-servers');
    const server = await startMariaDb();
    const store = new MysqlTokenStore({ url: server.url, table: STORE_TABLE });
    const pool = mysql.createPool({ uri: server.url, connectionLimit: 10 });
    await pool.query(CREATE_RAW);
    const backend = new MysqlBackend({ pool, table: STORE_TABLE, owned: false, where: 'bench' });
    const raw = new MysqlDriver(pool);
    return {
      store,
      raw,
      async seedStore(tokens, updatedAt) {
        await seedThroughBackend(backend, tokens, updatedAt, {
          target: 'mysql',
          inFlight: SEED_IN_FLIGHT,
        });
        await pool.query(`ANALYZE TABLE \`${STORE_TABLE}\``);
      },
      async seedRaw(tokens) {
        for (let at = 0; at < tokens.length; at += RAW_BATCH) {
          await raw.insertMany(tokens.slice(at, at + RAW_BATCH));
        }
        await pool.query('ANALYZE TABLE raw_tokens');
      },
      async readStored(id) {
        const [rows] = await pool.execute<RowDataPacket[]>(
          `SELECT * FROM \`${STORE_TABLE}\` WHERE id = ?`,
          [Buffer.from(id, 'utf8')],
        );
        return rows[0];
      },
      async close() {
        await store.close();
        await pool.end();
        await server.stop();
      },
    };
  },
};
