import type { KeyMaterial } from './key-material.js';

/**
 * Encryption at rest for a store: secrets are sealed with AES-256-GCM before they reach the
 * backend, and lookups use a keyed blind index instead of plain digests.
 */
export interface EncryptionOptions {
  /** Encryption keys by id: 32 bytes each, or their base64. */
  keys?: Readonly<Record<string, KeyMaterial>>;
  /**
   * Loads a key that is not in `keys`, by id, once: for keys kept in a KMS (decrypt a data key
   * there and return it). Its failures reject the operation with `STORE_UNAVAILABLE`, and so does
   * a load still running after `keyProviderTimeoutMs` (pass `signal` on to your KMS client); the
   * next use tries again. Material of the wrong length is `STORE_MISCONFIGURED`.
   */
  keyProvider?: (keyId: string, context: { readonly signal: AbortSignal }) => Promise<KeyMaterial>;
  /**
   * Longest wait for one `keyProvider` load, in milliseconds (a KMS that does not answer would
   * otherwise hold every operation that needs the key, for ever). Default 10 000.
   */
  keyProviderTimeoutMs?: number;
  /** The key new writes use. Reads accept every key in `keys` or from `keyProvider`. */
  currentKeyId: string;
  /**
   * The blind-index key (32 bytes or base64): lookups by accessToken, refreshToken, grantToken
   * and userName use HMAC-SHA-256 under a key derived from it. Keep it when you rotate
   * encryption keys; changing it means migrating the tokens into a new store.
   */
  indexKey: KeyMaterial;
  /**
   * Records written before encryption was turned on. `'reject'` (default): a plaintext record
   * is `CORRUPT_RECORD` and lookups use the blind index only. `'migrate'`: plaintext records
   * are read, found by their plain digests, and sealed on their next save or `reencrypt()`.
   * Use `'migrate'` only for the migration itself: a plaintext record carries nothing that
   * someone who can write the backend could not produce, so while it is on, such a person can
   * plant tokens that read as genuine. Run `reencrypt()`, then drop the option.
   */
  plaintextRecords?: 'migrate' | 'reject';
}
