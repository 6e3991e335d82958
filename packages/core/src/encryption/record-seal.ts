import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The record-level MAC: HMAC-SHA-256, under a key derived (HKDF) from the encryption key, over
 * everything core wrote into a sealed record: its id and version, the key id, the index-key
 * check value, every plaintext field and every sealed field (names and ciphertexts). Each sealed
 * field is authenticated on its own already; the MAC adds what per-field sealing cannot see: a
 * sealed field removed, a plaintext field (userName, clientId, expiresAt, ...) changed or added,
 * and a record's data put back under another version.
 */
export function recordMac(
  encryptionKey: Buffer,
  id: string,
  version: number,
  keyId: string,
  indexCheck: string,
  plain: Readonly<Record<string, unknown>>,
  sealed: Readonly<Record<string, string>>,
): string {
  const sorted = (fields: Readonly<Record<string, unknown>>) =>
    Object.keys(fields)
      .sort()
      .map((name) => [name, fields[name]]);
  return createHmac('sha256', macKey(encryptionKey))
    .update(
      JSON.stringify([
        'tokenstore/record/v1',
        id,
        version,
        keyId,
        indexCheck,
        sorted(plain),
        sorted(sealed),
      ]),
    )
    .digest('base64url');
}

/** True when `mac` is the one {@link recordMac} computes (compared in constant time). */
export function macMatches(expected: string, mac: unknown): boolean {
  if (typeof mac !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(mac);
  return a.length === b.length && timingSafeEqual(a, b);
}

const macKeys = new WeakMap<Buffer, Buffer>();

function macKey(encryptionKey: Buffer): Buffer {
  let key = macKeys.get(encryptionKey);
  if (key === undefined) {
    key = Buffer.from(
      hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'tokenstore record mac v1', 32),
    );
    macKeys.set(encryptionKey, key);
  }
  return key;
}
