import { corruptRecord } from '../corrupt-record.js';
import { TokenStoreError } from '../errors.js';

/**
 * The longest id a SQL store with a binary id column takes, in stored bytes: a primary-key entry
 * must fit an index page (PostgreSQL refuses index rows over about 2700 bytes, InnoDB keys over
 * 3072), and one limit for every such store lets tokens move between them.
 */
export const MAX_BINARY_ID_BYTES = 1024;

/** Marks an id stored as UTF-16LE: 0xFF never occurs in UTF-8. */
const UTF16_MARK = 0xff;

/**
 * The bytes that stand for an id in a binary id column (`bytea`, `VARBINARY`), compared and
 * ordered byte for byte, with no collation. A well-formed string is its UTF-8 (NUL and every
 * script included); one with a lone surrogate, which UTF-8 cannot hold, is 0xFF and its UTF-16LE
 * code units, so two different ids never share bytes.
 */
export function encodeBinaryId(id: string): Buffer {
  if (id.isWellFormed()) return Buffer.from(id, 'utf8');
  return Buffer.concat([Buffer.of(UTF16_MARK), Buffer.from(id, 'utf16le')]);
}

/** The id that stored bytes stand for; `CORRUPT_RECORD` if they are not bytes. */
export function decodeBinaryId(value: unknown): string {
  if (!Buffer.isBuffer(value)) {
    throw corruptRecord('a record', { reason: `an id of type ${typeof value}` });
  }
  if (value[0] === UTF16_MARK) return value.subarray(1).toString('utf16le');
  return value.toString('utf8');
}

/** The stored bytes of an id that may be saved; `INVALID_TOKEN` for one that is too long. */
export function writableBinaryId(id: string): Buffer {
  const bytes = encodeBinaryId(id);
  if (bytes.length > MAX_BINARY_ID_BYTES) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      `saveToken: an id may be at most ${MAX_BINARY_ID_BYTES} bytes (UTF-8) in this store, not ${bytes.length}`,
    );
  }
  return bytes;
}

/** The stored bytes of an id to look up, or `undefined` for one no store could hold. */
export function readableBinaryId(id: string): Buffer | undefined {
  const bytes = encodeBinaryId(id);
  return bytes.length > MAX_BINARY_ID_BYTES ? undefined : bytes;
}
