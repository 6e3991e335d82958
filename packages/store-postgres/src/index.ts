export { PostgresDriverError } from './driver-error.js';
export { PostgresBackend, type PostgresBackendTarget } from './postgres-backend.js';
export {
  type PostgresCommonOptions,
  type PostgresGivenPoolOptions,
  type PostgresOwnPoolOptions,
  PostgresTokenStore,
  type PostgresTokenStoreOptions,
} from './postgres-store.js';
