import type { Pool } from 'pg';
import type { BenchToken } from '../token-fixtures.js';
import { RAW_FIELDS as FIELDS, rawRow as values } from './raw-table.js';
import { seedThroughBackend } from './seed-record.js';
import type { BenchTarget, OpenTarget, RawDriver } from './target.js';

const STORE_TABLE = 'tokens';
/** Seeding: rows per multi-row INSERT of the raw table, and backend inserts in flight. */
const RAW_BATCH = 1_000;
const SEED_IN_FLIGHT = 64;

/** A hand-written token table: a column per field, the same unique indexes as the store. */
const CREATE_RAW = `CREATE TABLE raw_tokens (
  id text NOT NULL PRIMARY KEY,
  version integer NOT NULL,
  user_name text UNIQUE,
  client_id text,
  client_secret text,
  redirect_url text,
  grant_token text,
  refresh_token text,
  access_token text UNIQUE,
  api_domain text,
  expires_at bigint,
  UNIQUE (client_id, refresh_token),
  UNIQUE (client_id, grant_token)
)`;

/** node-postgres parameterised queries on the plain table (named, so prepared once per connection). */
class PostgresDriver implements RawDriver {
  readonly label = 'pg parameterised (prepared) statements, plain table, same unique indexes';
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  #one(name: string, text: string, params: unknown[]): Promise<unknown> {
    return this.#pool.query({ name, text, values: params }).then((result) => result.rows[0]);
  }

  insert(t: BenchToken): Promise<unknown> {
    const placeholders = values(t).map((_, i) => `$${i + 1}`);
    return this.#one(
      'raw-insert',
      `INSERT INTO raw_tokens (${FIELDS}) VALUES (${placeholders.join(', ')})`,
      values(t),
    );
  }

  async insertMany(tokens: readonly BenchToken[]): Promise<void> {
    const params: unknown[] = [];
    const rows = tokens.map((t) => {
      const row = values(t).map((value) => `$${params.push(value)}`);
      return `(${row.join(', ')})`;
    });
    await this.#pool.query(`INSERT INTO raw_tokens (${FIELDS}) VALUES ${rows.join(', ')}`, params);
  }

  delete(t: BenchToken): Promise<unknown> {
    return this.#one('raw-delete', 'DELETE FROM raw_tokens WHERE id = $1', [t.id]);
  }

  updateByUserName(t: BenchToken, accessToken: string, expiresAt: number): Promise<unknown> {
    return this.#one(
      'raw-update',
      'UPDATE raw_tokens SET access_token = $1, expires_at = $2, version = version + 1 WHERE user_name = $3',
      [accessToken, expiresAt, t.userName],
    );
  }

  findByUserName(t: BenchToken): Promise<unknown> {
    return this.#one('raw-by-user', `SELECT ${FIELDS} FROM raw_tokens WHERE user_name = $1`, [
      t.userName,
    ]);
  }

  findByAccessToken(t: BenchToken): Promise<unknown> {
    return this.#one('raw-by-access', `SELECT ${FIELDS} FROM raw_tokens WHERE access_token = $1`, [
      t.accessToken,
    ]);
  }

  findByClientRefresh(t: BenchToken): Promise<unknown> {
    return this.#one(
      'raw-by-refresh',
      `SELECT ${FIELDS} FROM raw_tokens WHERE client_id = $1 AND refresh_token = $2`,
      [t.clientId, t.refreshToken],
    );
  }

  findByClientGrant(t: BenchToken): Promise<unknown> {
    return this.#one(
      'raw-by-grant',
      `SELECT ${FIELDS} FROM raw_tokens WHERE client_id = $1 AND grant_token = $2`,
      [t.clientId, t.grantToken],
    );
  }

  findById(t: BenchToken): Promise<unknown> {
    return this.#one('raw-by-id', `SELECT ${FIELDS} FROM raw_tokens WHERE id = $1`, [t.id]);
  }

  async scanAll(): Promise<number> {
    const pageSize = 100;
    let n = 0;
    let rows = (
      await this.#pool.query(`SELECT ${FIELDS} FROM raw_tokens ORDER BY id LIMIT $1`, [pageSize])
    ).rows as { id: string }[];
    while (rows.length > 0) {
      n += rows.length;
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1]?.id;
      rows = (
        await this.#pool.query(
          `SELECT ${FIELDS} FROM raw_tokens WHERE id > $1 ORDER BY id LIMIT $2`,
          [last, pageSize],
        )
      ).rows as { id: string }[];
    }
    return n;
  }
}

/**
 * PostgreSQL started by the benchmark (or POSTGRES_URL), with its default durability
 * (fsync, synchronous_commit on): the store and the raw table pay the same commit per write.
 * The raw driver's pool has the store's size (10).
 */
export const postgresTarget: BenchTarget = {
  name: 'postgres',
  maxTokens: {
    count: 100_000,
    why: 'seeding a server database through single-row inserts on the shared machine',
  },
  concurrency: true,
  async open(): Promise<OpenTarget> {
    const { PostgresBackend, PostgresTokenStore } = await import('@tokenstore/store-postgres');
    const { default: pg } = await import('pg');
    const { startPostgres } = await import('@tokenstore/test-servers');
    const server = await startPostgres();
    const store = new PostgresTokenStore({ url: server.url, table: STORE_TABLE });
    const pool = new pg.Pool({ connectionString: server.url, max: 10 });
    pool.on('error', () => {});
    await pool.query(CREATE_RAW);
    const backend = new PostgresBackend({ pool, table: STORE_TABLE, owned: false, where: 'bench' });
    const raw = new PostgresDriver(pool);
    return {
      store,
      raw,
      async seedStore(tokens, updatedAt) {
        await seedThroughBackend(backend, tokens, updatedAt, {
          target: 'postgres',
          inFlight: SEED_IN_FLIGHT,
        });
        await pool.query(`ANALYZE "${STORE_TABLE}"`);
      },
      async seedRaw(tokens) {
        for (let at = 0; at < tokens.length; at += RAW_BATCH) {
          await raw.insertMany(tokens.slice(at, at + RAW_BATCH));
        }
        await pool.query('ANALYZE raw_tokens');
      },
      async readStored(id) {
        const { rows } = await pool.query(`SELECT * FROM "${STORE_TABLE}" WHERE id = $1`, [
          Buffer.from(id, 'utf8'),
        ]);
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
