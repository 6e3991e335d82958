import { TokenStoreError } from '../errors.js';
import type { EncryptionOptions } from './encryption-options.js';
import { type KeyMaterial, toKey } from './key-material.js';

type KeyProvider = NonNullable<EncryptionOptions['keyProvider']>;

/** Default of `keyProviderTimeoutMs`. */
const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;
/**
 * How long a key the provider failed to load is not asked for again: meanwhile the operations
 * that need it fail at once with the same error. Records under a key id the provider does not
 * know (a corrupt or planted one) then cost one provider call a second, not one per read, and a
 * provider that hangs is waited on once, not by every read in turn.
 */
export const FAILED_KEY_LOAD_RETRY_MS = 1_000;
/** The longest delay a Node.js timer takes (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

function providerTimeout(options: EncryptionOptions): number {
  const value = options.keyProviderTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_TIMER_MS) {
    throw new RangeError(
      `encryption.keyProviderTimeoutMs must be a number from 1 to ${MAX_TIMER_MS}`,
    );
  }
  return value;
}

/** The encryption keys of a store: those configured, and those its provider loads (once). */
export class Keyring {
  readonly currentKeyId: string;
  readonly #keys = new Map<string, Promise<Buffer>>();
  readonly #provider: KeyProvider | undefined;
  readonly #timeoutMs: number;

  constructor(options: EncryptionOptions) {
    if (typeof options.currentKeyId !== 'string' || options.currentKeyId === '') {
      throw new TypeError('encryption.currentKeyId must name a key');
    }
    this.currentKeyId = options.currentKeyId;
    this.#provider = options.keyProvider;
    this.#timeoutMs = providerTimeout(options);
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
      const loading = key;
      loading.catch(() => {
        // Kept failed for a moment (see FAILED_KEY_LOAD_RETRY_MS), then loaded again on use.
        const retry = setTimeout(() => {
          if (this.#keys.get(keyId) === loading) this.#keys.delete(keyId);
        }, FAILED_KEY_LOAD_RETRY_MS);
        retry.unref();
      });
    }
    return key;
  }

  async #load(provider: KeyProvider, keyId: string): Promise<Buffer> {
    const what = `key ${JSON.stringify(keyId)} from the key provider`;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new TokenStoreError(
          'STORE_UNAVAILABLE',
          `the key provider did not load key ${JSON.stringify(keyId)} within keyProviderTimeoutMs (${this.#timeoutMs} ms); retrying may work`,
          { reason: `timed out after ${this.#timeoutMs} ms` },
        );
        controller.abort(error);
        reject(error);
      }, this.#timeoutMs);
    });
    let material: KeyMaterial;
    try {
      material = await Promise.race([
        (async () => provider(keyId, { signal: controller.signal }))(),
        timedOut,
      ]);
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw new TokenStoreError(
        'STORE_UNAVAILABLE',
        `the key provider could not load key ${JSON.stringify(keyId)}; retrying may work`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    try {
      return toKey(material, what);
    } catch (error) {
      if (error instanceof TokenStoreError) throw error;
      // Raised at every operation, not at construction: a typed error, as the store's others.
      throw new TokenStoreError('STORE_MISCONFIGURED', (error as Error).message, {
        reason: `${what} has the wrong length`,
      });
    }
  }
}
