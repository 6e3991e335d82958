import { TokenStoreError, UNIQUE_KEY_KINDS, type UniqueKeyKind } from '@tokenstore/core/backend';
import type { Filter } from 'mongodb';
import type { TokenDocument } from './document.js';

/**
 * Query filters from checked values only. Core hands the backend validated strings; these checks
 * make sure that no object (an operator such as `{ $ne: null }`) can ever reach a filter, even
 * through a bug upstream.
 */
function assertString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new TokenStoreError('INVALID_TOKEN', `mongo: ${what} must be a string`);
  }
}

/**
 * `{ _id: <string> }`. A plain string in a filter is an equality match, never an operator; this
 * exact shape (rather than `{ _id: { $eq: ... } }`) is the one FerretDB v1 pushes down to its
 * backend instead of decoding every document.
 */
export function byId(id: string): { _id: string } {
  assertString(id, 'an id');
  return { _id: id };
}

/** `{ _id: <string>, v: { $eq: <version> } }`: the compare-and-set filter. */
export function byIdAndVersion(id: string, version: number): { _id: string; v: { $eq: number } } {
  if (!Number.isSafeInteger(version)) {
    throw new TokenStoreError('INVALID_TOKEN', 'mongo: a version must be an integer');
  }
  return { ...byId(id), v: { $eq: version } };
}

/**
 * The compare-and-set filter of a document read with these keys (`k`, placeholders included)
 * and this revision (`r`, the digest of its data): its id, its version, every key it held and
 * its revision, so that a document deleted and inserted again under the same id and version
 * does not match unless it holds the same keys and the same data (then the update loses
 * nothing). Carries 43 bytes of revision where a comparison of the data would carry the data.
 */
export function byRevision(
  id: string,
  version: number,
  keys: Record<UniqueKeyKind, string>,
  revision: string,
): Filter<TokenDocument> {
  assertString(revision, 'a revision');
  return { ...byIdVersionAndKeys(id, version, keys), r: { $eq: revision } };
}

/**
 * The compare-and-set filter of a document read without a revision (written by a version of
 * this store from before revisions): its id, version and keys, no `r` (a document written since
 * has one, so a token saved again under its id by this version never matches), and its data
 * (`d`), which tells it from one that an earlier version saved again. `data` undefined: not
 * compared (a document too large for a filter to carry it too; see `filterCanHold`).
 */
export function byUnrevised(
  id: string,
  version: number,
  keys: Record<UniqueKeyKind, string>,
  data: string | undefined,
): Filter<TokenDocument> {
  const filter = { ...byIdVersionAndKeys(id, version, keys), r: { $exists: false } };
  if (data === undefined) return filter;
  assertString(data, 'the data');
  return { ...filter, d: { $eq: data } };
}

/** Its id, its version and every key digest it holds (`k`, placeholders included). */
function byIdVersionAndKeys(
  id: string,
  version: number,
  keys: Record<UniqueKeyKind, string>,
): Filter<TokenDocument> {
  const filter: Filter<TokenDocument> = byIdAndVersion(id, version);
  for (const kind of UNIQUE_KEY_KINDS) {
    const digest = keys[kind];
    assertString(digest, 'a key digest');
    filter[keyField(kind)] = { $eq: digest };
  }
  return filter;
}

/** The document field of a unique key kind, for kinds core defines only. */
export function keyField(kind: UniqueKeyKind): `k.${UniqueKeyKind}` {
  if (!(UNIQUE_KEY_KINDS as readonly unknown[]).includes(kind)) {
    throw new TokenStoreError('INVALID_TOKEN', 'mongo: unknown unique key kind');
  }
  return `k.${kind}`;
}

/** `{ "k.<kind>": { $eq: <digest> } }`, optionally excluding one `_id`. */
export function byKey(kind: UniqueKeyKind, digest: string, except?: string): Filter<TokenDocument> {
  assertString(digest, 'a key digest');
  const filter: Filter<TokenDocument> = { [keyField(kind)]: { $eq: digest } };
  if (except === undefined) return filter;
  assertString(except, 'an id');
  return { ...filter, _id: { $ne: except } };
}
