import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  corruptRecord,
  type RecordKeys,
  type TokenRecord,
  TokenStoreError,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import type { SecretValue } from './secrets-api.js';

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

/** The service's random ARN suffix: six characters (`-AbC12x` after the name). */
export const ARN_SUFFIX = /^[A-Za-z0-9]{6}$/;
const SUFFIX_BYTES = 6;
const FORMAT = 1;
const HEADER_BYTES = 1 + SUFFIX_BYTES * UNIQUE_KEY_KINDS.length;
/** Inflating never produces more than this (a record is at most 64 KiB compressed). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** The value a deleted record leaves in its secret (text, readable in the console). */
export const TOMBSTONE = JSON.stringify({ deleted: true });

/**
 * The record's JSON, deflate-compressed: the body of its secret value (see {@link packRecord}),
 * made once per write. Compression keeps 16 KiB tokens, and core's sealed (base64url) fields,
 * well inside the 64 KiB limit. `INVALID_TOKEN` when the packed record would not fit: thrown
 * before any key is claimed, so nothing is written.
 */
export function recordBody(record: TokenRecord): Buffer {
  const json = JSON.stringify({
    id: record.id,
    version: record.version,
    keys: record.keys,
    data: record.data,
  });
  const body = deflateRawSync(Buffer.from(json, 'utf8'));
  const size = HEADER_BYTES + body.length;
  if (size > MAX_SECRET_BYTES) {
    throw new TokenStoreError(
      'INVALID_TOKEN',
      `saveToken: the token is too large for a Secrets Manager secret (${size} bytes stored, compressed; at most ${MAX_SECRET_BYTES})`,
    );
  }
  return body;
}

/**
 * A record as a binary secret value: a format byte, the six-character ARN suffix of each
 * key's index secret in a fixed slot (zeros when the key is absent), then the record's
 * {@link recordBody}. The fixed slots make the size known before the keys are claimed.
 */
export function packRecord(body: Buffer, suffixes: IndexSuffixes): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = FORMAT;
  UNIQUE_KEY_KINDS.forEach((kind, i) => {
    const suffix = suffixes[kind];
    if (suffix !== undefined) header.write(suffix, 1 + i * SUFFIX_BYTES, 'ascii');
  });
  return Buffer.concat([header, body]);
}

export function encodeIndexValue(value: IndexValue): string {
  return JSON.stringify({ id: value.id, version: value.version });
}

function corrupt(name: string): TokenStoreError {
  return corruptRecord(`secret ${name}`);
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

function digestsByKind(value: unknown, name: string): RecordKeys {
  if (!isObject(value)) throw corrupt(name);
  const result: { [K in UniqueKeyKind]?: string } = {};
  for (const [kind, digest] of Object.entries(value)) {
    if (!(UNIQUE_KEY_KINDS as readonly string[]).includes(kind) || typeof digest !== 'string') {
      throw corrupt(name);
    }
    result[kind as UniqueKeyKind] = digest;
  }
  return result;
}

function unpackRecord(bytes: Uint8Array, name: string): RecordValue {
  const packed = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (packed.length < HEADER_BYTES || packed[0] !== FORMAT) throw corrupt(name);
  const suffixes: { [K in UniqueKeyKind]?: string } = {};
  UNIQUE_KEY_KINDS.forEach((kind, i) => {
    const start = 1 + i * SUFFIX_BYTES;
    if (packed[start] !== 0) {
      suffixes[kind] = packed.toString('ascii', start, start + SUFFIX_BYTES);
    }
  });
  let json: string;
  try {
    json = inflateRawSync(packed.subarray(HEADER_BYTES), {
      maxOutputLength: MAX_INFLATED_BYTES,
    }).toString('utf8');
  } catch {
    throw corrupt(name);
  }
  const { id, version, keys, data } = parseObject(json, name);
  if (typeof id !== 'string' || typeof version !== 'number' || typeof data !== 'string') {
    throw corrupt(name);
  }
  return {
    deleted: false,
    record: { id, version, keys: digestsByKind(keys, name), data },
    suffixes,
  };
}

/** Reads a record secret's value; `CORRUPT_RECORD` when it is not one this store wrote. */
export function decodeRecordValue(value: SecretValue, name: string): RecordValue {
  if (typeof value !== 'string') return unpackRecord(value, name);
  if (parseObject(value, name).deleted === true) return { deleted: true };
  throw corrupt(name);
}

/** Reads an index secret's value; `CORRUPT_RECORD` when it is not one this store wrote. */
export function decodeIndexValue(value: SecretValue, name: string): IndexValue {
  if (typeof value !== 'string') throw corrupt(name);
  const parsed = parseObject(value, name);
  if (typeof parsed.id !== 'string' || !Number.isSafeInteger(parsed.version)) throw corrupt(name);
  return { id: parsed.id, version: parsed.version as number };
}
