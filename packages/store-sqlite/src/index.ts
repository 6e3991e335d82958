export { SqliteBackend, type SqliteBackendTarget } from './sqlite-backend.js';
export { SqliteTokenStore, type SqliteTokenStoreOptions } from './sqlite-store.js';
