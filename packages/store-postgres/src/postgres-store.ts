import {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  checkBackedStoreOptions,
} from '@tokenstore/core/backend';
import type { Pool, PoolConfig } from 'pg';
import { createPool, whereOf } from './connection.js';
import { PostgresBackend } from './postgres-backend.js';
import { checkTableName } from './table-name.js';

/**
 * Options of {@link PostgresTokenStore}: `url` and/or `poolOptions` (the store creates a pool
 * and ends it on `close()`), or `pool` (an existing pool that stays yours), never both.
 */
export type PostgresTokenStoreOptions = PostgresOwnPoolOptions | PostgresGivenPoolOptions;

/** Options of a {@link PostgresTokenStore} that creates its own pool (give `url` and/or `poolOptions`). */
export interface PostgresOwnPoolOptions extends PostgresCommonOptions {
  /** A connection URL, e.g. `postgres://app:secret@db.internal:5432/app`. */
  url?: string;
  /**
   * Options of the pool the store creates (node-postgres `PoolConfig`), over the store's
   * defaults (`connectionTimeoutMillis: 5000`, `max: 10`). With `url`, the URL wins for what
   * it names.
   */
  poolOptions?: PoolConfig;
  pool?: never;
}

/** Options of a {@link PostgresTokenStore} on the caller's pool. */
export interface PostgresGivenPoolOptions extends PostgresCommonOptions {
  /** An existing node-postgres `Pool`. The store never ends it. */
  pool: Pool;
  url?: never;
  poolOptions?: never;
}

/** What every {@link PostgresTokenStoreOptions} may have. */
export interface PostgresCommonOptions extends BackedTokenStoreOptions {
  /**
   * Run each statement as a named prepared statement, parsed and planned once per connection
   * (default `true`). Turn off behind a connection pooler that cannot keep prepared statements
   * (PgBouncer in transaction mode before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
  /**
   * The table holding this store's tokens: its namespace (in the connection's current schema,
   * see `search_path`). 1-48 lower-case ASCII letters, digits and `_`. Default `"tokens"`.
   */
  table?: string;
}

const DEFAULT_TABLE = 'tokens';

function isPool(value: unknown): value is Pool {
  const pool = value as Partial<Pool> | null;
  return typeof pool?.query === 'function' && typeof pool.connect === 'function';
}

function checkOptions(options: PostgresTokenStoreOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('PostgresTokenStore: options must be an object');
  }
  const { url, poolOptions, pool } = options;
  if (pool !== undefined) {
    if (url !== undefined || poolOptions !== undefined) {
      throw new TypeError('PostgresTokenStore: give pool, or url and/or poolOptions, not both');
    }
    if (!isPool(pool)) throw new TypeError('PostgresTokenStore: pool must be a pg Pool');
    if (pool.ended) throw new TypeError('PostgresTokenStore: pool has been ended');
    return;
  }
  if (url === undefined && poolOptions === undefined) {
    throw new TypeError('PostgresTokenStore: give url, poolOptions or pool');
  }
  if (url !== undefined && typeof url !== 'string') {
    throw new TypeError('PostgresTokenStore: url must be a string');
  }
  if (poolOptions !== undefined && (typeof poolOptions !== 'object' || poolOptions === null)) {
    throw new TypeError('PostgresTokenStore: poolOptions must be an object');
  }
  const connectionString = url ?? poolOptions?.connectionString;
  if (typeof connectionString === 'string') checkUrl(connectionString);
}

/**
 * Refuses a URL that reads part of a password as what follows the host: a password starting with
 * an unescaped `/`, `?` or `#` (`postgres://app:/pw@host/app`) ends the URL's authority at once,
 * and pg takes the rest of the password for the database name, which the server's errors and
 * `describe()` show. (A URL that is no URL at all is pg's to refuse: its error hides the URL.)
 */
function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  const names = [...parsed.searchParams.keys()];
  if (
    parsed.pathname.includes('@') ||
    parsed.hash.includes('@') ||
    names.some((name) => name.includes('@'))
  ) {
    throw new TypeError(
      'PostgresTokenStore: url is not a valid PostgreSQL URL (postgres://user:password@host[:port]/database; percent-encode a / ? # @ or % in the user or password, as encodeURIComponent does, and give a database name holding @ as poolOptions.database)',
    );
  }
}

/**
 * A token store in a PostgreSQL table through node-postgres (`pg`): a row per token, a
 * primary key on the id and a unique constraint per lookup key, single-statement atomic
 * writes, parameterised SQL only. Safe for any number of processes on one database.
 *
 * Misused options throw a `TypeError` or `RangeError` at once. The table is created on first
 * use. Nothing connects until then.
 *
 * @example
 * const store = new PostgresTokenStore({ url: process.env.DATABASE_URL });
 * await store.saveToken({ userName: 'me@example.com', refreshToken: '1000.x', clientId: 'c' });
 * await store.close();
 */
export class PostgresTokenStore extends BackedTokenStore {
  constructor(options: PostgresTokenStoreOptions) {
    checkOptions(options);
    const table = checkTableName(options.table ?? DEFAULT_TABLE);
    const { url, poolOptions, pool, preparedStatements } = options;
    if (preparedStatements !== undefined && typeof preparedStatements !== 'boolean') {
      throw new TypeError('PostgresTokenStore: preparedStatements must be a boolean');
    }
    const prepare = preparedStatements ?? true;
    // Core's options too, before the pool is created: a refused constructor builds nothing.
    checkBackedStoreOptions(options);
    const target =
      pool !== undefined
        ? { pool, table, owned: false, where: whereOf(undefined, pool.options), prepare }
        : {
            pool: createPool(url, poolOptions),
            table,
            owned: true,
            where: whereOf(url, poolOptions),
            prepare,
          };
    super(new PostgresBackend(target), options);
  }
}
