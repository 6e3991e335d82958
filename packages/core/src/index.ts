/**
 * The token model, the `TokenStore` contract, its typed errors and refresh coordination: what an
 * application needs. Store authors import the seam and its helpers from
 * `@tokenstore/core/backend`; the conformance suite is `@tokenstore/core/conformance`.
 *
 * @packageDocumentation
 */

export { isAbsent } from './absent.js';
export {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  type ReencryptOptions,
  type ReencryptResult,
} from './backed-store.js';
export type { EncryptionOptions } from './encryption/encryption-options.js';
export type { KeyMaterial } from './encryption/key-material.js';
export {
  type DuplicateKeyKind,
  isRetryable,
  isTokenStoreError,
  TOKEN_STORE_ERROR_CODES,
  TokenStoreError,
  type TokenStoreErrorBase,
  type TokenStoreErrorCode,
  type TokenStoreErrorConstructor,
  type TokenStoreErrorContext,
  type TokenStoreErrorDetails,
  type TokenStoreErrorOptions,
  type TokenStoreErrorOptionsArgument,
} from './errors.js';
export * from './prune/index.js';
export * from './refresh/index.js';
export type { DeleteOptions, SaveOptions, TokenStore, TokensOptions } from './store.js';
export {
  MANAGED_FIELDS,
  type OAuthToken,
  SECRET_FIELDS,
  STRING_FIELDS,
  type StoredToken,
  TOKEN_VALUE_FIELDS,
  type TokenInput,
} from './token.js';
export * from './tracing/index.js';
