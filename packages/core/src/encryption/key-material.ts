import { TokenStoreError } from '../errors.js';

/** A 256-bit key: 32 bytes, or their base64 (standard or URL-safe) text. */
export type KeyMaterial = Uint8Array | string;

const KEY_BYTES = 32;

/** Reads key material into a 32-byte buffer; a wrong length is a clear error, never a weak key. */
export function toKey(material: KeyMaterial, what: string): Buffer {
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
