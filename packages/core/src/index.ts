export {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  type ReencryptOptions,
  type ReencryptResult,
} from './backed-store.js';
export type { CallOptions, RecordBackend } from './backend.js';
export type { EncryptionOptions } from './encryption/encryption-options.js';
export type { KeyMaterial } from './encryption/key-material.js';
export {
  isTokenStoreError,
  TOKEN_STORE_ERROR_CODES,
  TokenStoreError,
  type TokenStoreErrorCode,
} from './errors.js';
export { digestKey } from './key-digest.js';
export {
  lookupKeyOf,
  UNIQUE_KEY_KINDS,
  type UniqueKey,
  type UniqueKeyKind,
  uniqueKeysOf,
} from './lookup-key.js';
export { mergeToken } from './merge.js';
export * from './prune/index.js';
export type { RecordKeys, TokenRecord, WriteResult } from './record.js';
export { decodeRecord, encodeRecord, type RecordCodec, type RecordFields } from './record-codec.js';
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
export {
  type NormalizedToken,
  normalizeExpectedVersion,
  normalizeId,
  normalizeToken,
} from './validate.js';
