import { TokenStoreError } from './errors.js';
import { type UniqueKeyKind, uniqueKeysOf } from './lookup-key.js';
import type { RecordKeys, TokenRecord } from './record.js';
import type { StoredToken } from './token.js';
import { type NormalizedToken, normalizeToken } from './validate.js';

/** Computes the digest of a unique key; core passes a plain or a keyed (blind index) one. */
export type KeyDigester = (key: ReturnType<typeof uniqueKeysOf>[number]) => string;

/** Builds the record a backend persists for a token with its id and version. */
export function encodeRecord(
  token: NormalizedToken & { id: string },
  version: number,
  digest: KeyDigester,
): TokenRecord {
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const key of uniqueKeysOf(token)) keys[key.kind] = digest(key);
  const { id, ...fields } = token;
  return { id, version, keys: keys as RecordKeys, data: JSON.stringify(fields) };
}

function corrupt(id: unknown, cause?: unknown): TokenStoreError {
  const which = typeof id === 'string' ? `record ${JSON.stringify(id)}` : 'a record';
  return new TokenStoreError(
    'CORRUPT_RECORD',
    `${which} could not be read back as a token`,
    cause === undefined ? undefined : { cause },
  );
}

/** Reads a record back as a fresh token object; `CORRUPT_RECORD` if it is not one. */
export function decodeRecord(record: TokenRecord): StoredToken {
  const { id, version, data } = record;
  if (typeof id !== 'string' || id === '') throw corrupt(id);
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw corrupt(id);
  }
  let fields: unknown;
  try {
    fields = JSON.parse(data);
  } catch (error) {
    // The parser's message quotes the text, which may hold a secret: keep it out.
    throw corrupt(id, new Error(`invalid JSON (${(error as Error).name})`));
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || 'id' in fields) {
    throw corrupt(id);
  }
  let token: NormalizedToken;
  try {
    token = normalizeToken(fields);
  } catch (error) {
    throw corrupt(id, error);
  }
  return { id, ...token, version };
}
