import { hash } from 'node:crypto';
import type { UniqueKeyKind } from '@tokenstore/core/backend';

/** The key prefix used when none is given. */
export const DEFAULT_PREFIX = 'tokenstore:';

/**
 * Where a namespace's data lives in Redis. Every key starts with `{<prefix>}`: Redis Cluster
 * hashes only the text between the first `{` and the first `}` after it, so all keys of one
 * namespace share one hash slot and each Lua script touches a single slot.
 *
 * - `{prefix}r:<member>`: hash of one record: `i` (the id as JSON text), `v` (version),
 *   `d` (the record's data), and `k:<kind>` (the digest of each unique key it holds).
 * - `{prefix}k:<kind>:<digest>`: string, a copy of the record holding that unique key, which
 *   starts with its `<member>` (see `record-copy.ts`); data written before copies holds the
 *   bare `<member>`.
 * - `{prefix}ids`: sorted set of every record's `<member>` (all scores 0), paged by lex order.
 *
 * `<member>` is the SHA-256 (base64url) of the id's JSON text, so any id (NUL, braces, lone
 * surrogates, 16 KiB) makes a short, fixed-length key name.
 */
export class KeyLayout {
  /** `{prefix}`: the start of every key of the namespace; the Lua scripts append to it. */
  readonly base: string;
  /** The sorted set that indexes every record of the namespace. */
  readonly ids: string;

  constructor(readonly prefix: string) {
    // A `}` would end the hash tag early (an empty tag hashes the whole key), and would let two
    // prefixes produce the same key names; an empty prefix gives an empty tag.
    if (typeof prefix !== 'string' || prefix === '' || prefix.includes('}')) {
      throw new TypeError('RedisTokenStore: prefix must be a non-empty string without "}"');
    }
    this.base = `{${prefix}}`;
    this.ids = `${this.base}ids`;
  }

  /** The `<member>` under which the record with this id is stored and indexed. */
  member(id: string): string {
    return hash('sha256', JSON.stringify(id), 'base64url');
  }

  /** The hash holding the record whose `<member>` this is. */
  record(member: string): string {
    return `${this.base}r:${member}`;
  }

  /** The hash field of a record holding the digest of its unique key of this kind. */
  static field(kind: UniqueKeyKind): string {
    return `k:${kind}`;
  }

  /** The string key pointing at the record that holds this unique key. */
  unique(kind: UniqueKeyKind, digest: string): string {
    return `${this.base}${KeyLayout.field(kind)}:${digest}`;
  }
}
