import {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  checkBackedStoreOptions,
} from '@tokenstore/core/backend';
import type { Pool, PoolOptions } from 'mysql2/promise';
import { connectLikePool, createPool, whereOf } from './connection.js';
import { MysqlBackend } from './mysql-backend.js';
import { checkTableName } from './table-name.js';

/**
 * Options of {@link MysqlTokenStore}: `url` and/or `poolOptions` (the store creates a pool and
 * ends it on `close()`), or `pool` (an existing pool that stays yours), never both.
 */
export type MysqlTokenStoreOptions = MysqlOwnPoolOptions | MysqlGivenPoolOptions;

/** Options of a {@link MysqlTokenStore} that creates its own pool (give `url` and/or `poolOptions`). */
export interface MysqlOwnPoolOptions extends MysqlCommonOptions {
  /** A connection URL naming the database, e.g. `mysql://app:secret@db.internal:3306/app`. */
  url?: string;
  /**
   * Options of the pool the store creates (mysql2 `PoolOptions`), over the store's defaults
   * (`connectionLimit: 10`, `connectTimeout: 5000`). With `url`, the URL wins for what it names.
   */
  poolOptions?: PoolOptions;
  pool?: never;
}

/** Options of a {@link MysqlTokenStore} on the caller's pool. */
export interface MysqlGivenPoolOptions extends MysqlCommonOptions {
  /**
   * An existing pool of `mysql2/promise` (for a callback pool, pass `pool.promise()`). The
   * store never ends it. Its connections must have a database selected.
   */
  pool: Pool;
  url?: never;
  poolOptions?: never;
}

/** What every {@link MysqlTokenStoreOptions} may have. */
export interface MysqlCommonOptions extends BackedTokenStoreOptions {
  /**
   * The table holding this store's tokens: its namespace, in the connection's database. 1-48
   * lower-case ASCII letters, digits and `_`. Default `"tokens"`.
   */
  table?: string;
}

const DEFAULT_TABLE = 'tokens';

function isPool(value: unknown): value is Pool {
  const pool = value as Partial<Pool> | null;
  return typeof pool?.execute === 'function' && typeof pool.getConnection === 'function';
}

function checkOptions(options: MysqlTokenStoreOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('MysqlTokenStore: options must be an object');
  }
  const { url, poolOptions, pool } = options;
  if (pool !== undefined) {
    if (url !== undefined || poolOptions !== undefined) {
      throw new TypeError('MysqlTokenStore: give pool, or url and/or poolOptions, not both');
    }
    if (!isPool(pool)) {
      throw new TypeError(
        'MysqlTokenStore: pool must be a mysql2/promise Pool (for a callback pool, pass pool.promise())',
      );
    }
    return;
  }
  if (url === undefined && poolOptions === undefined) {
    throw new TypeError('MysqlTokenStore: give url, poolOptions or pool');
  }
  if (url !== undefined && typeof url !== 'string') {
    throw new TypeError('MysqlTokenStore: url must be a string');
  }
  if (poolOptions !== undefined && (typeof poolOptions !== 'object' || poolOptions === null)) {
    throw new TypeError('MysqlTokenStore: poolOptions must be an object');
  }
  const uri = url ?? poolOptions?.uri;
  if (typeof uri === 'string') checkUrl(uri);
}

/**
 * Refuses a URL that mysql2 would misread, before it sees it: its parse error
 * (`ERR_INVALID_URL`) keeps the whole URL in its `input` property, password included, for
 * `util.inspect` and loggers to print. A password with an unescaped `/`, `?` or `#` ends the
 * URL's authority early: the URL is then invalid, or (`mysql://app:/pw@host/app`) the rest of
 * the password becomes the database name, which the server's errors and `describe()` show. The
 * error thrown here holds nothing of the URL.
 */
function checkUrl(url: string): void {
  const bad = new TypeError(
    'MysqlTokenStore: url is not a valid MySQL URL (mysql://user:password@host[:port]/database; percent-encode a / ? # @ or % in the user, password or database, as encodeURIComponent does)',
  );
  let parsed: URL;
  try {
    parsed = new URL(url);
    for (const part of [parsed.username, parsed.password, parsed.pathname, parsed.hostname]) {
      decodeURIComponent(part);
    }
  } catch {
    throw bad;
  }
  const names = [...parsed.searchParams.keys()];
  if (
    parsed.pathname.includes('@') ||
    parsed.hash.includes('@') ||
    names.some((name) => name.includes('@'))
  ) {
    throw bad;
  }
}

/**
 * A token store in a MySQL 8 or MariaDB (InnoDB) table through mysql2: a row per token, binary
 * ids and key digests compared byte for byte, a primary key and a unique index per lookup key,
 * single-statement atomic writes, prepared statements only. Safe for any number of processes.
 *
 * Misused options throw a `TypeError` or `RangeError` at once. The table is created on first
 * use. Nothing connects until then.
 *
 * @example
 * const store = new MysqlTokenStore({ url: 'mysql://app:secret@127.0.0.1:3306/app' });
 * await store.saveToken({ userName: 'me@example.com', refreshToken: '1000.x', clientId: 'c' });
 * await store.close();
 */
export class MysqlTokenStore extends BackedTokenStore {
  constructor(options: MysqlTokenStoreOptions) {
    checkOptions(options);
    const table = checkTableName(options.table ?? DEFAULT_TABLE);
    const { url, poolOptions, pool } = options;
    // Core's options too, before the pool is created: a refused constructor builds nothing.
    checkBackedStoreOptions(options);
    const target =
      pool !== undefined
        ? { pool, table, owned: false, where: 'pool' }
        : {
            pool: createPool(url, poolOptions),
            table,
            owned: true,
            where: whereOf(url, poolOptions),
            connectKiller: () => connectLikePool(url, poolOptions),
          };
    super(new MysqlBackend(target), options);
  }
}
