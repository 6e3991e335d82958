import { corruptRecord, recordNamed } from './corrupt-record.js';
import { digestKey } from './key-digest.js';
import type { UniqueKey, UniqueKeyKind } from './lookup-key.js';
import type { RecordData, RecordKeys, TokenRecord } from './record.js';
import type { StoredToken } from './token.js';
import { isEpochMillis, type NormalizedToken, normalizeFieldsInto } from './validate.js';

/** Computes the digest of a unique key; core passes a plain or a keyed (blind index) one. */
export type KeyDigester = (key: UniqueKey) => string;

/**
 * How core turns tokens into the records a backend persists and back: the plain codec, or the
 * encrypted one (see `encryption`). One codec per store.
 */
export interface RecordCodec {
  /** The digests a stored record may hold for `key`: the one new writes use comes first. */
  digests(key: UniqueKey): string[];
  /** True when records may hold older digests too (plaintext ones being migrated). */
  readonly hasLegacyDigests: boolean;
  /**
   * The record for a token with its id and version. `previous`, on an update, is the stored
   * token and its record's keys: a codec may reuse the digest of a key whose parts are
   * unchanged instead of computing it again.
   */
  encode(token: RecordFields, version: number, previous?: PreviousKeys): Promise<TokenRecord>;
  /** A fresh token object from a record; `CORRUPT_RECORD` if it is not one. */
  decode(record: TokenRecord): Promise<StoredToken>;
  /**
   * `encode` and `decode` done synchronously, on a codec that needs nothing asynchronous (no
   * key to load): core's path for backends that answer synchronously. Absent otherwise.
   */
  readonly encodeNow?: (
    token: RecordFields,
    version: number,
    previous?: PreviousKeys,
  ) => TokenRecord;
  readonly decodeNow?: (record: RecordData) => StoredToken;
  /** True when `encode` would now write the record differently (an old key, plaintext). */
  isOutdated(record: TokenRecord): boolean;
  /**
   * Whether a record was indexed under this codec's index key (`undefined`: the record does not
   * say). Absent on codecs without a keyed index.
   */
  indexedHere?(record: TokenRecord): boolean | undefined;
}

/** What a record holds: a token with its id and, when core set it, `updatedAt`. */
export type RecordFields = NormalizedToken & { id: string; updatedAt?: number };

/** The stored token an update starts from, and the key digests its record holds. */
export interface PreviousKeys {
  readonly token: NormalizedToken;
  readonly keys: RecordKeys;
}

/**
 * The record's unique-key digests under `digest`; with `previous`, a key whose parts equal the
 * previous token's keeps the digest the previous record holds for it. The keys are those of
 * `uniqueKeysOf`, in its order, spelled out per kind (no arrays of keys to build and search).
 */
export function recordKeys(
  token: NormalizedToken,
  digest: KeyDigester,
  previous?: PreviousKeys,
): RecordKeys {
  const keys: { [K in UniqueKeyKind]?: string } = {};
  const { userName, accessToken, clientId, refreshToken, grantToken } = token;
  const before = previous?.token;
  const held = previous?.keys;
  if (userName !== undefined) {
    keys.userName =
      (before?.userName === userName ? held?.userName : undefined) ??
      digest({ kind: 'userName', parts: [userName] });
  }
  if (accessToken !== undefined) {
    keys.accessToken =
      (before?.accessToken === accessToken ? held?.accessToken : undefined) ??
      digest({ kind: 'accessToken', parts: [accessToken] });
  }
  const sameClient = before?.clientId === clientId;
  if (clientId !== undefined && refreshToken !== undefined) {
    keys.refreshToken =
      (sameClient && before?.refreshToken === refreshToken ? held?.refreshToken : undefined) ??
      digest({ kind: 'refreshToken', parts: [clientId, refreshToken] });
  }
  if (clientId !== undefined && grantToken !== undefined) {
    keys.grantToken =
      (sameClient && before?.grantToken === grantToken ? held?.grantToken : undefined) ??
      digest({ kind: 'grantToken', parts: [clientId, grantToken] });
  }
  return keys;
}

/**
 * The fields a record's `data` holds: the token's, without its id (the record's own field) or a
 * `version` (the record's too), in the order of a stored token. Spelled out field by field: an
 * object rest costs more here than the JSON it feeds.
 */
function dataFields(token: RecordFields): Omit<RecordFields, 'id'> {
  const fields: Omit<RecordFields, 'id'> = {};
  if (token.userName !== undefined) fields.userName = token.userName;
  if (token.clientId !== undefined) fields.clientId = token.clientId;
  if (token.clientSecret !== undefined) fields.clientSecret = token.clientSecret;
  if (token.redirectUrl !== undefined) fields.redirectUrl = token.redirectUrl;
  if (token.grantToken !== undefined) fields.grantToken = token.grantToken;
  if (token.refreshToken !== undefined) fields.refreshToken = token.refreshToken;
  if (token.accessToken !== undefined) fields.accessToken = token.accessToken;
  if (token.apiDomain !== undefined) fields.apiDomain = token.apiDomain;
  if (token.expiresAt !== undefined) fields.expiresAt = token.expiresAt;
  if (token.updatedAt !== undefined) fields.updatedAt = token.updatedAt;
  return fields;
}

/** Builds the plain record a backend persists for a token with its id and version. */
export function encodeRecord(
  token: RecordFields,
  version: number,
  digest: KeyDigester = digestKey,
  previous?: PreviousKeys,
): TokenRecord {
  return {
    id: token.id,
    version,
    keys: recordKeys(token, digest, previous),
    data: JSON.stringify(dataFields(token)),
  };
}

/**
 * {@link encodeRecord}, frozen (the record and its keys): what core hands a backend never
 * changes, so an in-process backend may keep it as it is (see `RecordBackend.insert`).
 */
export function encodeFrozenRecord(
  token: RecordFields,
  version: number,
  previous?: PreviousKeys,
): TokenRecord {
  const record = encodeRecord(token, version, digestKey, previous);
  Object.freeze(record.keys);
  return Object.freeze(record);
}

/** Checks a record's id and version and parses its data into an object. */
export function parseRecord(record: RecordData): Record<string, unknown> {
  const { id, version, data } = record;
  if (typeof id !== 'string' || id === '') throw corruptRecord(recordNamed(id));
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw corruptRecord(recordNamed(id));
  }
  let fields: unknown;
  try {
    fields = JSON.parse(data);
  } catch (error) {
    // The parser's message quotes the text, which may hold a secret: keep it out.
    throw corruptRecord(recordNamed(id), { reason: `invalid JSON, ${(error as Error).name}` });
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || 'id' in fields) {
    throw corruptRecord(recordNamed(id));
  }
  return fields as Record<string, unknown>;
}

/** Validates parsed record fields as a token with the record's id and version. */
export function toStoredToken(record: RecordData, fields: Record<string, unknown>): StoredToken {
  // Built in one object, in the order of a stored token: id, the fields, updatedAt, version.
  const stored = { id: record.id } as StoredToken;
  try {
    normalizeFieldsInto(fields, stored);
  } catch (error) {
    throw corruptRecord(recordNamed(record.id), { cause: error });
  }
  const { updatedAt } = fields;
  if (updatedAt !== undefined) {
    if (!isEpochMillis(updatedAt)) {
      throw corruptRecord(recordNamed(record.id), {
        reason: 'updatedAt is not epoch milliseconds',
      });
    }
    stored.updatedAt = updatedAt;
  }
  stored.version = record.version;
  return stored;
}

/** Reads a plain record back as a fresh token object; `CORRUPT_RECORD` if it is not one. */
export function decodeRecord(record: RecordData): StoredToken {
  return toStoredToken(record, parseRecord(record));
}

/** Tokens as JSON, lookups by SHA-256 digests: no secret in a key, every secret in `data`. */
export const plainCodec: RecordCodec = {
  digests: (key) => [digestKey(key)],
  hasLegacyDigests: false,
  // The previous record's digests are plain ones too: reusable as they are.
  encode: async (token, version, previous) => encodeRecord(token, version, digestKey, previous),
  decode: async (record) => decodeRecord(record),
  encodeNow: encodeFrozenRecord,
  decodeNow: decodeRecord,
  isOutdated: () => false,
};
