import {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  checkBackedStoreOptions,
} from '@tokenstore/core/backend';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { assertNoKeyPrefix, openConnection, type RedisConnection } from './connection.js';
import { DEFAULT_PREFIX, KeyLayout } from './key-layout.js';
import { RedisBackend } from './redis-backend.js';

/** Options of {@link RedisTokenStore}: `url` and/or `redis`, or `client`, never both. */
export type RedisTokenStoreOptions = RedisOwnConnectionOptions | RedisGivenClientOptions;

/** Options of a {@link RedisTokenStore} that opens (and closes) its own connection. */
export interface RedisOwnConnectionOptions extends RedisCommonOptions {
  /**
   * Where to connect, such as `redis://user:pass@127.0.0.1:6379/0` or `rediss://…`.
   * Default `redis://127.0.0.1:6379/0` when neither `redis` nor `client` is given.
   */
  url?: string;
  /**
   * ioredis options for the store's own connection, over `REDIS_CLIENT_DEFAULTS` (combined with
   * `url` when both are given).
   */
  redis?: RedisOptions;
  client?: never;
}

/** Options of a {@link RedisTokenStore} on the caller's client. */
export interface RedisGivenClientOptions extends RedisCommonOptions {
  /**
   * An existing single-node or cluster client. The caller owns it: `close()` leaves it open.
   * Nothing is added to it (no commands defined, no listeners).
   */
  client: Redis | Cluster;
  url?: never;
  redis?: never;
}

/** What every {@link RedisTokenStoreOptions} may have. */
export interface RedisCommonOptions extends BackedTokenStoreOptions {
  /**
   * The namespace: every key of this store starts with `{prefix}`, so stores with different
   * prefixes share nothing, and on Redis Cluster all of one prefix's keys are in one hash slot.
   * Non-empty, without `}`. Default `tokenstore:`.
   */
  prefix?: string;
}

function connect(options: RedisTokenStoreOptions): RedisConnection {
  if (options.client === undefined) {
    return assertNoKeyPrefix(openConnection(options.url, options.redis));
  }
  if (options.url !== undefined || options.redis !== undefined) {
    throw new TypeError('RedisTokenStore: give either client, or url/redis options, not both');
  }
  return assertNoKeyPrefix({ client: options.client, owned: false });
}

/**
 * A token store on Redis (single node or Redis Cluster) through ioredis. Every write is one
 * atomic Lua script; lookups by id or unique key are single key reads; `tokens()` pages through
 * a sorted-set index. See the package README for the key layout and failure behaviour.
 */
export class RedisTokenStore extends BackedTokenStore {
  constructor(options: RedisTokenStoreOptions = {}) {
    const keys = new KeyLayout(options.prefix ?? DEFAULT_PREFIX);
    // Core's options (operationTimeoutMs, maxSaveAttempts, encryption) first: a refused
    // constructor builds no client, so none is left to disconnect.
    checkBackedStoreOptions(options);
    super(new RedisBackend(connect(options), keys), options);
  }
}
