export { DEFAULT_URL, REDIS_CLIENT_DEFAULTS, type RedisConnection } from './connection.js';
export { RedisDriverError } from './driver-error.js';
export { DEFAULT_PREFIX, KeyLayout } from './key-layout.js';
export { RedisBackend } from './redis-backend.js';
export {
  type RedisCommonOptions,
  type RedisGivenClientOptions,
  type RedisOwnConnectionOptions,
  RedisTokenStore,
  type RedisTokenStoreOptions,
} from './redis-store.js';
export type { RedisClient } from './run-script.js';
