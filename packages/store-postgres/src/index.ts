export { PostgresDriverError } from './driver-error.js';
export { PostgresBackend, type PostgresBackendTarget } from './postgres-backend.js';
export { PostgresTokenStore, type PostgresTokenStoreOptions } from './postgres-store.js';
