export { SqliteBackend, type SqliteBackendTarget } from './sqlite-backend.js';
export {
  type SqliteCommonOptions,
  type SqliteDatabaseOptions,
  type SqliteFileOptions,
  SqliteTokenStore,
  type SqliteTokenStoreOptions,
} from './sqlite-store.js';
