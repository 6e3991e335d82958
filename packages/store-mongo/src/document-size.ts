import { TokenStoreError } from '@tokenstore/core';
import { BSON } from 'mongodb';
import type { TokenDocument } from './document.js';

/** The largest BSON document MongoDB (and FerretDB) store: 16 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** The filter's other fields (id, version, the four key digests) and the command's, with room. */
const FILTER_OVERHEAD_BYTES = 64 * 1024;

/**
 * Refuses a document the server cannot store, before sending it: the driver's or server's own
 * error for it would read as a backend failure (`STORE_UNAVAILABLE`, "retrying may work"), while
 * retrying never will. Too large is bad input.
 */
export function assertFits(doc: TokenDocument): number {
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      `saveToken: the token is too large for a MongoDB document (${size} bytes; at most ${MAX_DOCUMENT_BYTES})`,
    );
  }
  return size;
}

/**
 * Whether an update of a document of `size` bytes can also carry `data` in its filter: the
 * command holds the filter and the new document, and the server refuses one over 16 MiB.
 * Only an update of a document written before revisions compares its data (see `byUnrevised`);
 * an OAuth token (a few KiB) always fits, only a document over about 8 MiB does not.
 */
export function filterCanHold(size: number, data: string): boolean {
  return size + Buffer.byteLength(data, 'utf8') + FILTER_OVERHEAD_BYTES <= MAX_DOCUMENT_BYTES;
}
