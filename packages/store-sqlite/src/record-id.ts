import { corruptRecord } from '@tokenstore/core/backend';

/**
 * How an id is bound and read back. SQLite TEXT is UTF-8, which keeps NUL, emoji and every
 * well-formed string byte for byte but turns a lone surrogate into U+FFFD (two different ids
 * would collide). Such an id is stored as a BLOB of its UTF-16 code units instead: a BLOB
 * never equals a TEXT value in SQLite, so both kinds share the primary key without collisions,
 * and both sort (TEXT before BLOB), which keyset pagination needs.
 */
export type StoredId = string | Buffer;

/** The SQL value that stands for this id. */
export function encodeId(id: string): StoredId {
  return id.isWellFormed() ? id : Buffer.from(id, 'utf16le');
}

/** The id a stored value stands for; `CORRUPT_RECORD` if it is neither TEXT nor BLOB. */
export function decodeId(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf16le');
  throw corruptRecord('a SQLite record', { reason: `an id of SQL type ${typeof value}` });
}
