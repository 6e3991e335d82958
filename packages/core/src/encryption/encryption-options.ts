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
   * there and return it). Its failures reject the operation with `STORE_UNAVAILABLE`.
   */
  keyProvider?: (keyId: string) => Promise<KeyMaterial>;
  /** The key new writes use. Reads accept every key in `keys` or from `keyProvider`. */
  currentKeyId: string;
  /**
   * The blind-index key (32 bytes or base64): lookups by accessToken, refreshToken, grantToken
   * and userName use HMAC-SHA-256 under a key derived from it. Keep it when you rotate
   * encryption keys; changing it means migrating the tokens into a new store.
   */
  indexKey: KeyMaterial;
  /**
   * Records written before encryption was turned on: `'migrate'` (default) reads them, finds
   * them by their plain digests, and encrypts each on its next save or `reencrypt()`;
   * `'reject'` treats them as `CORRUPT_RECORD` and looks up by the blind index only.
   */
  plaintextRecords?: 'migrate' | 'reject';
}
