import type { BackedTokenStoreOptions } from './backed-store.js';
import { withDigestCache } from './digest-cache.js';
import { encryptedCodec } from './encryption/encrypted-codec.js';
import { plainCodec, type RecordCodec } from './record-codec.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_SAVE_ATTEMPTS = 100;

/** Core's options as a {@link BackedTokenStore} runs with them: checked, defaults filled in. */
export interface StoreSettings {
  readonly operationTimeoutMs: number;
  readonly maxSaveAttempts: number;
  readonly codec: RecordCodec;
}

/**
 * A numeric option with its default, checked at construction (an unset environment variable
 * gives NaN, which would otherwise fail every call later): a RangeError naming the option.
 */
function checkedOption(
  options: BackedTokenStoreOptions,
  name: 'operationTimeoutMs' | 'maxSaveAttempts',
  fallback: number,
  minimum: number,
  integer: boolean,
): number {
  const value = options[name] ?? fallback;
  const valid = integer ? Number.isSafeInteger(value) : Number.isFinite(value);
  if (typeof value !== 'number' || !valid || value < minimum) {
    const kind = integer ? 'an integer' : 'a finite number';
    throw new RangeError(`BackedTokenStore: ${name} must be ${kind} of at least ${minimum}`);
  }
  return value;
}

/**
 * Core's options, checked, with their defaults: what `BackedTokenStore`'s constructor runs
 * with, and throws as {@link checkBackedStoreOptions} documents. Builds the codec (and checks
 * the encryption keys) once.
 */
export function storeSettings(options: BackedTokenStoreOptions): StoreSettings {
  return {
    operationTimeoutMs: checkedOption(options, 'operationTimeoutMs', DEFAULT_TIMEOUT_MS, 0, false),
    maxSaveAttempts: checkedOption(options, 'maxSaveAttempts', DEFAULT_MAX_SAVE_ATTEMPTS, 1, true),
    codec:
      options.encryption === undefined
        ? withDigestCache(plainCodec)
        : encryptedCodec(options.encryption),
  };
}

/**
 * Throws exactly what `new BackedTokenStore(backend, options)` throws for core's own options
 * (`operationTimeoutMs`, `maxSaveAttempts`, `encryption`): a `RangeError` or `TypeError` naming
 * the option, or `STORE_MISCONFIGURED` for a missing encryption key. Nothing is opened, kept or
 * logged, and no key material appears in the error.
 *
 * An adapter calls it first, before it opens a file, a connection or a client: a constructor
 * that core refuses then leaves nothing behind (no new empty database file, no socket that
 * keeps the process alive), and the rules stay in one place.
 *
 * @example
 * constructor(options: MyStoreOptions) {
 *   checkBackedStoreOptions(options); // before anything is opened
 *   super(new MyBackend(openConnection(options)), options);
 * }
 */
export function checkBackedStoreOptions(options: BackedTokenStoreOptions): void {
  storeSettings(options);
}
