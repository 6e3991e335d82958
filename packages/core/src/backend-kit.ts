/**
 * The store author's entry: what a {@link RecordBackend} implements and the helpers every
 * adapter shares, so that no adapter repeats a decision core already makes. Users import from
 * `@tokenstore/core`; adapters (ours and third parties') from `@tokenstore/core/backend`.
 *
 * @example
 * import { BackedTokenStore, type RecordBackend } from '@tokenstore/core/backend';
 * class MyBackend implements RecordBackend { ... }
 * export class MyTokenStore extends BackedTokenStore {
 *   constructor(options = {}) { super(new MyBackend(options), options); }
 * }
 * @packageDocumentation
 */

export {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  type ReencryptResult,
} from './backed-store.js';
export type { CallOptions, RecordBackend, SyncRecordCalls } from './backend.js';
export { type BackoffCurve, backoff, backoffDelay } from './backoff.js';
export type { Capabilities, Capability } from './capabilities.js';
export {
  type ClientOwnership,
  closeIfOwned,
  ownershipNote,
  useClient,
} from './client-ownership.js';
export { type CorruptRecordDetail, corruptRecord } from './corrupt-record.js';
export type { BackendFailureInfo } from './errors/backend-failure.js';
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
export { digestKey } from './key-digest.js';
export {
  lookupKeyOf,
  UNIQUE_KEY_KINDS,
  type UniqueKey,
  type UniqueKeyKind,
} from './lookup-key.js';
export type { RecordData, RecordKeys, TokenRecord, WriteResult } from './record.js';
export { encodeRecord } from './record-codec.js';
export { setUpOnce } from './set-up-once.js';
/** Shared by SQL stores: a binary id column, the column layout, the statements, row mapping. */
export * from './sql/index.js';
export type { SaveOptions, TokenStore, TokensOptions } from './store.js';
export { checkBackedStoreOptions } from './store-options.js';
export type { OAuthToken, StoredToken, TokenInput } from './token.js';
export { urlLocation } from './url-location.js';
export { type NormalizedToken, normalizeToken } from './validate.js';
