export { DEFAULT_CLIENT_OPTIONS, DEFAULT_URL } from './connection.js';
export type { TokenDocument } from './document.js';
export { RedactedServerError } from './driver-errors.js';
export { KEY_INDEXES } from './indexes.js';
export { MongoBackend, type MongoBackendConfig } from './mongo-backend.js';
export {
  type MongoCommonOptions,
  type MongoGivenClientOptions,
  type MongoGivenCollectionOptions,
  type MongoOwnClientOptions,
  MongoTokenStore,
  type MongoTokenStoreOptions,
} from './mongo-store.js';
export type { LeaseDocument } from './write-leases.js';
