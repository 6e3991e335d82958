export {
  SecretsManagerTokenStore,
  type SecretsManagerTokenStoreOptions,
} from './secrets-manager-store.js';
export { SecretsManagerCallError } from './service-error.js';
