export { MysqlDriverError } from './driver-error.js';
export { MysqlBackend, type MysqlBackendTarget } from './mysql-backend.js';
export { MysqlTokenStore, type MysqlTokenStoreOptions } from './mysql-store.js';
