import {
  type RecordKeys,
  type TokenRecord,
  TokenStoreError,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
} from '@tokenstore/core';

/** The largest secret value Secrets Manager stores, in bytes. */
export const MAX_SECRET_BYTES = 65_536;

/** The ARN suffix of each key's index secret, by kind (see `arnSuffix`). */
export type IndexSuffixes = { readonly [K in UniqueKeyKind]?: string };

/** A record secret's value: the record, or the tombstone a deleted record leaves. */
export type RecordValue =
  | { readonly deleted: false; readonly record: TokenRecord; readonly suffixes: IndexSuffixes }
  | { readonly deleted: true };

/** An index secret's value: which record claimed the key, for which of its versions. */
export interface IndexValue {
  readonly id: string;
  readonly version: number;
}

/** The length of the random suffix of an ARN; the size check assumes it for new claims. */
export const ARN_SUFFIX_LENGTH = 6;

/** The text stored for a record: id, version, key digests, index ARN suffixes, core's data. */
export function encodeRecordValue(record: TokenRecord, suffixes: IndexSuffixes): string {
  return JSON.stringify({
    id: record.id,
    version: record.version,
    keys: record.keys,
    suffixes,
    data: record.data,
  });
}

/** The value a deleted record leaves in its secret until the secret is gone. */
export const TOMBSTONE = JSON.stringify({ deleted: true });

export function encodeIndexValue(value: IndexValue): string {
  return JSON.stringify({ id: value.id, version: value.version });
}

/** UTF-8 bytes, as the service counts them. */
export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The exact size the record's value will have once its new keys are claimed (suffixes of
 * kept keys as they are, of new ones of the service's fixed length).
 */
export function recordValueSize(record: TokenRecord, kept: IndexSuffixes): number {
  const suffixes: { [K in UniqueKeyKind]?: string } = {};
  for (const kind of Object.keys(record.keys) as UniqueKeyKind[]) {
    suffixes[kind] = kept[kind] ?? 'x'.repeat(ARN_SUFFIX_LENGTH);
  }
  return byteSize(encodeRecordValue(record, suffixes));
}

/** `INVALID_TOKEN` when the record would not fit in a secret. */
export function assertFits(size: number): void {
  if (size > MAX_SECRET_BYTES) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      `saveToken: the token is too large for a Secrets Manager secret (${size} bytes stored; at most ${MAX_SECRET_BYTES})`,
    );
  }
}

function corrupt(name: string): TokenStoreError {
  return new TokenStoreError('CORRUPT_RECORD', `secret ${name} does not hold a tokenstore value`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseObject(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message would quote the text, which may hold a secret.
    throw corrupt(name);
  }
  if (!isObject(value)) throw corrupt(name);
  return value;
}

function stringsByKind(value: unknown, name: string): { [K in UniqueKeyKind]?: string } {
  if (!isObject(value)) throw corrupt(name);
  const result: { [K in UniqueKeyKind]?: string } = {};
  for (const [kind, text] of Object.entries(value)) {
    if (!(UNIQUE_KEY_KINDS as readonly string[]).includes(kind) || typeof text !== 'string') {
      throw corrupt(name);
    }
    result[kind as UniqueKeyKind] = text;
  }
  return result;
}

/** Reads a record secret's value; `CORRUPT_RECORD` when it is not one this store wrote. */
export function decodeRecordValue(text: string, name: string): RecordValue {
  const value = parseObject(text, name);
  if (value.deleted === true) return { deleted: true };
  const { id, version, keys, suffixes, data } = value;
  if (typeof id !== 'string' || typeof version !== 'number' || typeof data !== 'string') {
    throw corrupt(name);
  }
  const record: TokenRecord = { id, version, keys: stringsByKind(keys, name) as RecordKeys, data };
  return { deleted: false, record, suffixes: stringsByKind(suffixes, name) };
}

/** Reads an index secret's value; `CORRUPT_RECORD` when it is not one this store wrote. */
export function decodeIndexValue(text: string, name: string): IndexValue {
  const value = parseObject(text, name);
  if (typeof value.id !== 'string' || !Number.isSafeInteger(value.version)) throw corrupt(name);
  return { id: value.id, version: value.version as number };
}
