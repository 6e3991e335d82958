export {
  isRetryableCode,
  TOKEN_STORE_ERROR_CODES,
  type TokenStoreErrorCode,
} from './errors/codes.js';
export type {
  DuplicateKeyKind,
  TokenStoreErrorContext,
  TokenStoreErrorDetails,
} from './errors/details.js';
export { isRetryable, isTokenStoreError } from './errors/is-token-store-error.js';
export {
  TokenStoreError,
  type TokenStoreErrorBase,
  type TokenStoreErrorConstructor,
  type TokenStoreErrorOptions,
  type TokenStoreErrorOptionsArgument,
  withContext,
} from './errors/token-store-error.js';
