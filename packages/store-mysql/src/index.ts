export { MysqlDriverError } from './driver-error.js';
export { MysqlBackend, type MysqlBackendTarget } from './mysql-backend.js';
export {
  type MysqlCommonOptions,
  type MysqlGivenPoolOptions,
  type MysqlOwnPoolOptions,
  MysqlTokenStore,
  type MysqlTokenStoreOptions,
} from './mysql-store.js';
