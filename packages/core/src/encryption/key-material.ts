import { TokenStoreError } from '../errors.js';

/** A 256-bit key: 32 bytes, or their base64 (standard or URL-safe) text. */
export type KeyMaterial = Uint8Array | string;

const KEY_BYTES = 32;

/**
 * Reads key material into a 32-byte buffer; a wrong length is a clear error, never a weak key.
 * Missing material (`undefined`, `null` or `""`: most often an environment variable that is not
 * set) is `STORE_MISCONFIGURED` naming the key (`what` holds its id, never its value).
 */
export function toKey(material: KeyMaterial | null | undefined, what: string): Buffer {
  if (material === undefined || material === null || material === '') {
    const got = material === '' ? 'an empty string' : String(material);
    throw new TokenStoreError(
      'STORE_MISCONFIGURED',
      `${what} is missing (got ${got}): set it to 32 bytes or their base64; is the variable it is read from unset?`,
      { reason: `${what} is missing` },
    );
  }
  const bytes =
    typeof material === 'string' ? Buffer.from(material, 'base64') : Buffer.from(material);
  if (bytes.length !== KEY_BYTES) {
    throw new TypeError(
      `${what} must be ${KEY_BYTES} bytes (or their base64), got ${bytes.length}`,
    );
  }
  return bytes;
}

/** The error for a record that cannot be decrypted: names the key id, never a value. */
export function undecryptable(id: string, keyId: string, reason: string, cause?: unknown) {
  return new TokenStoreError(
    'CORRUPT_RECORD',
    `record ${JSON.stringify(id)} could not be decrypted with key ${JSON.stringify(keyId)}: ${reason}`,
    cause === undefined ? undefined : { cause },
  );
}
