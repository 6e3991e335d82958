import { TokenStoreError } from '../errors.js';
import type { EncryptionOptions } from './encryption-options.js';
import { type KeyMaterial, toKey } from './key-material.js';

/** The encryption keys of a store: those configured, and those its provider loads (once). */
export class Keyring {
  readonly currentKeyId: string;
  readonly #keys = new Map<string, Promise<Buffer>>();
  readonly #provider: ((keyId: string) => Promise<KeyMaterial>) | undefined;

  constructor(options: EncryptionOptions) {
    if (typeof options.currentKeyId !== 'string' || options.currentKeyId === '') {
      throw new TypeError('encryption.currentKeyId must name a key');
    }
    this.currentKeyId = options.currentKeyId;
    this.#provider = options.keyProvider;
    for (const [id, material] of Object.entries(options.keys ?? {})) {
      this.#keys.set(id, Promise.resolve(toKey(material, `encryption key ${JSON.stringify(id)}`)));
    }
    if (!this.#keys.has(this.currentKeyId) && this.#provider === undefined) {
      throw new TypeError(
        `encryption.currentKeyId ${JSON.stringify(this.currentKeyId)} is not in encryption.keys and there is no keyProvider`,
      );
    }
  }

  /** The key with this id, or undefined when neither the keys nor the provider have it. */
  async get(keyId: string): Promise<Buffer | undefined> {
    let key = this.#keys.get(keyId);
    if (key === undefined) {
      const provider = this.#provider;
      if (provider === undefined) return undefined;
      key = this.#load(provider, keyId);
      this.#keys.set(keyId, key);
      // A failed load is retried on the next use rather than remembered.
      key.catch(() => this.#keys.delete(keyId));
    }
    return key;
  }

  async #load(provider: (keyId: string) => Promise<KeyMaterial>, keyId: string): Promise<Buffer> {
    let material: KeyMaterial;
    try {
      material = await provider(keyId);
    } catch (error) {
      throw new TokenStoreError(
        'STORE_UNAVAILABLE',
        `the key provider could not load key ${JSON.stringify(keyId)}; retrying may work`,
        { cause: error },
      );
    }
    return toKey(material, `key ${JSON.stringify(keyId)} from the key provider`);
  }
}
