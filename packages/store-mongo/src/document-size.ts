import { TokenStoreError } from '@tokenstore/core';
import { BSON } from 'mongodb';
import type { TokenDocument } from './document.js';

/** The largest BSON document MongoDB (and FerretDB) store: 16 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Refuses a document the server cannot store, before sending it: the driver's or server's own
 * error for it would read as a backend failure (`STORE_UNAVAILABLE`, "retrying may work"), while
 * retrying never will. Too large is bad input.
 */
export function assertFits(doc: TokenDocument): void {
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      `saveToken: the token is too large for a MongoDB document (${size} bytes; at most ${MAX_DOCUMENT_BYTES})`,
    );
  }
}
