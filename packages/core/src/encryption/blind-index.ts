import { createHmac, hkdfSync } from 'node:crypto';
import type { UniqueKey } from '../lookup-key.js';

/** Derives the HMAC key from the configured index key, apart from every encryption key. */
export function deriveIndexKey(indexKey: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', indexKey, Buffer.alloc(0), 'tokenstore blind index v1', 32),
  );
}

/** The keyed digest of a unique key: equal values match, but the digest reveals nothing. */
export function blindDigest(hmacKey: Buffer, key: UniqueKey): string {
  return createHmac('sha256', hmacKey)
    .update(JSON.stringify([key.kind, ...key.parts]))
    .digest('base64url');
}

/**
 * A check value of the index key, stored in every sealed record: a store configured with
 * another `indexKey` sees a different value and refuses the record (and refuses to write)
 * instead of missing every lookup and inserting duplicates. It reveals nothing of the key.
 */
export function indexKeyCheck(hmacKey: Buffer): string {
  return createHmac('sha256', hmacKey)
    .update('tokenstore index key check v1')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
