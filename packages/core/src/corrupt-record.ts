import { TokenStoreError } from './errors.js';

/** What a backend can say about stored data that is not a token record. */
export interface CorruptRecordDetail {
  /** Why, in a few words that hold no stored value (`invalid JSON`, `id of SQL type number`). */
  readonly reason?: string;
  /** The parser's or driver's error, when there is one (kept as `cause`, not in the message). */
  readonly cause?: unknown;
}

/**
 * The `CORRUPT_RECORD` error for stored data that cannot be read back as a token record.
 * `where` names the data (`record "abc"`, `secret tokenstore/r/…`, `a Redis record`), never its
 * content: stored data may hold secrets.
 */
export function corruptRecord(where: string, detail: CorruptRecordDetail = {}): TokenStoreError {
  const why = detail.reason === undefined ? '' : ` (${detail.reason})`;
  return new TokenStoreError(
    'CORRUPT_RECORD',
    `${where} could not be read back as a token record${why}`,
    detail.cause === undefined ? undefined : { cause: detail.cause },
  );
}

/** `record "<id>"`, or `a record` when the id itself is unreadable. */
export function recordNamed(id: unknown): string {
  return typeof id === 'string' && id !== '' ? `record ${JSON.stringify(id)}` : 'a record';
}
