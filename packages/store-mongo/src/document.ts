import {
  corruptRecord,
  type RecordKeys,
  type TokenRecord,
  type TokenStoreError,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import { revisionOf } from './revision.js';

/**
 * One token as stored: `_id` is the encoded record id (see `encodeId`), `v` its version,
 * `k` one unique-key digest per kind, `d` the token's fields as core's JSON text, `r` the
 * revision of `d` (see `revisionOf`), which the compare-and-set of an update matches.
 *
 * Every kind is always present in `k`: a kind the token does not hold gets a placeholder unique
 * to the document (`"!" + _id`), because MongoDB indexes a missing field as null (so two tokens
 * without a refresh token would collide in a unique index) and FerretDB rejects the
 * `partialFilterExpression` that would otherwise exclude them.
 */
export interface TokenDocument {
  _id: string;
  v: number;
  k: Record<UniqueKeyKind, string>;
  d: string;
  /**
   * The revision: the SHA-256 digest of `d`, base64url. Written with every insert and replace;
   * absent only on documents written by a version of this store from before revisions, which
   * are still read and updated (an update then compares `d` itself, and writes `r`).
   */
  r?: string;
}

/** Starts a placeholder; never the first character of a digest (base64url). */
const PLACEHOLDER = '!';
/** Starts an escaped id; any id that starts with it, or is not well-formed UTF-16, is escaped. */
const ESCAPE = '~';
/** Matches a surrogate that is not half of a pair (with the `u` flag, pairs are one code point). */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The `_id` of a record id. BSON strings are UTF-8, so an id holding a lone surrogate would come
 * back changed: such ids, and ids that start with `~`, are stored as `~` + their JSON text
 * (JSON escapes lone surrogates), every other id as itself. The mapping is one-to-one.
 */
export function encodeId(id: string): string {
  return !LONE_SURROGATE.test(id) && !id.startsWith(ESCAPE) ? id : ESCAPE + JSON.stringify(id);
}

/** The record id of an `_id`; undefined when it is not one that {@link encodeId} makes. */
export function decodeId(stored: unknown): string | undefined {
  if (typeof stored !== 'string' || stored === '') return undefined;
  if (!stored.startsWith(ESCAPE)) return stored;
  try {
    const id: unknown = JSON.parse(stored.slice(ESCAPE.length));
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A document as this version writes it: always with its revision. */
export type RevisedDocument = TokenDocument & { r: string };

/** The document of a record, with the revision of its data. */
export function toDocument(record: TokenRecord): RevisedDocument {
  const { version: v, data: d } = record;
  return { _id: encodeId(record.id), v, k: storedKeys(record), d, r: revisionOf(d) };
}

/** The `k` of a record's document: its digests, and a placeholder for each kind it lacks. */
export function storedKeys(record: TokenRecord): Record<UniqueKeyKind, string> {
  const _id = encodeId(record.id);
  const k = {} as Record<UniqueKeyKind, string>;
  for (const kind of UNIQUE_KEY_KINDS) k[kind] = record.keys[kind] ?? PLACEHOLDER + _id;
  return k;
}

function corrupt(id: string | undefined): TokenStoreError {
  return corruptRecord(
    id === undefined ? 'a MongoDB document' : `MongoDB document ${JSON.stringify(id)}`,
  );
}

/**
 * The record of a document, with the document's revision (`r`) as the record's `revision`, which
 * core hands back with the record to the next `replace`; no revision when the document has
 * none (written before revisions). `CORRUPT_RECORD` when the document is not one this store
 * wrote.
 */
export function fromDocument(doc: unknown): TokenRecord {
  if (typeof doc !== 'object' || doc === null) throw corrupt(undefined);
  const { _id, v, k, d, r } = doc as Partial<Record<keyof TokenDocument, unknown>>;
  const id = decodeId(_id);
  if (id === undefined) throw corrupt(undefined);
  if (typeof v !== 'number' || typeof d !== 'string' || typeof k !== 'object' || k === null) {
    throw corrupt(id);
  }
  if (r !== undefined && typeof r !== 'string') throw corrupt(id);
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const kind of UNIQUE_KEY_KINDS) {
    const digest: unknown = (k as Record<string, unknown>)[kind];
    if (typeof digest !== 'string') throw corrupt(id);
    if (!digest.startsWith(PLACEHOLDER)) keys[kind] = digest;
  }
  const record = { id, version: v, keys: keys as RecordKeys, data: d };
  return r === undefined ? record : { ...record, revision: r };
}
