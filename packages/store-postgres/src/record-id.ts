import { TokenStoreError } from '@tokenstore/core';

/**
 * The longest id this store takes, in stored bytes: a primary-key entry must fit an index page
 * (PostgreSQL refuses index rows over about 2700 bytes), and the same limit as
 * @tokenstore/store-mysql lets tokens move between the two.
 */
export const MAX_ID_BYTES = 1024;

/** Marks an id stored as UTF-16LE: 0xFF never occurs in UTF-8. */
const UTF16_MARK = 0xff;

/**
 * The bytes that stand for an id in the `bytea` id column, compared and ordered byte for byte.
 * A well-formed string is its UTF-8 (NUL and every script included: `text` cannot hold NUL);
 * one with a lone surrogate, which UTF-8 cannot hold, is 0xFF and its UTF-16LE code units, so
 * two different ids never share bytes.
 */
export function encodeId(id: string): Buffer {
  if (id.isWellFormed()) return Buffer.from(id, 'utf8');
  return Buffer.concat([Buffer.of(UTF16_MARK), Buffer.from(id, 'utf16le')]);
}

/** The id that stored bytes stand for; `CORRUPT_RECORD` if they are not bytes. */
export function decodeId(value: unknown): string {
  if (!Buffer.isBuffer(value)) {
    throw new TokenStoreError('CORRUPT_RECORD', `a record has an id of type ${typeof value}`);
  }
  if (value[0] === UTF16_MARK) return value.subarray(1).toString('utf16le');
  return value.toString('utf8');
}

/** The stored bytes of an id that may be saved; `INVALID_TOKEN` for one that is too long. */
export function writableId(id: string): Buffer {
  const bytes = encodeId(id);
  if (bytes.length > MAX_ID_BYTES) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      `saveToken: an id may be at most ${MAX_ID_BYTES} bytes (UTF-8) in this store, not ${bytes.length}`,
    );
  }
  return bytes;
}
