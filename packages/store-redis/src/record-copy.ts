import type { RecordKeys, TokenRecord, UniqueKeyKind } from '@tokenstore/core/backend';
import { corruptRecord } from '@tokenstore/core/backend';

/** Length of a `<member>`: the base64url SHA-256 of an id's JSON text (see `KeyLayout.member`). */
export const MEMBER_LENGTH = 43;

/** Code of `\n`, the separator of a copy's fields (none of them but the last can hold one). */
const NEWLINE = 10;

/*
 * A unique key's value: the record that holds the key, so that a find by key is one `GET`.
 * `<member>\n<v>\n<k:userName>\n<k:accessToken>\n<k:refreshToken>\n<k:grantToken>\n<i>\n<d>`,
 * an absent key's digest empty. Only the write scripts make copies (see `lua-scripts.ts`), in
 * the script that writes the record hash, so a copy is always the record as stored. Members
 * and digests are base64url, `v` digits, `i` JSON text (which escapes newlines): only `d`, last,
 * may hold a newline. A unique key written before copies existed holds the bare `<member>`;
 * scripts read the holder of either as the value's first MEMBER_LENGTH characters.
 */

/** The digests in a copy, in this order (fixed: it is the stored format). */
export const COPY_KEY_KINDS: readonly UniqueKeyKind[] = [
  'userName',
  'accessToken',
  'refreshToken',
  'grantToken',
];

/**
 * The record in a unique key's copy, if the value is one and holds this key; undefined for a
 * value in the layout before copies (the bare `<member>`) or a copy of a record that does not
 * hold `kind` with `digest` (the caller then reads the record hash).
 */
export function recordFromCopy(
  value: string,
  kind: UniqueKeyKind,
  digest: string,
): TokenRecord | undefined {
  if (value.length <= MEMBER_LENGTH || value.charCodeAt(MEMBER_LENGTH) !== NEWLINE) {
    if (value.length === MEMBER_LENGTH) return undefined;
    throw corruptRecord('a Redis unique key');
  }
  let start = MEMBER_LENGTH + 1;
  const next = (): string => {
    const end = value.indexOf('\n', start);
    if (end < 0) throw corruptRecord('a Redis unique key');
    const field = value.slice(start, end);
    start = end + 1;
    return field;
  };
  const version = next();
  const keys: { -readonly [K in UniqueKeyKind]?: string } = {};
  for (const each of COPY_KEY_KINDS) {
    const held = next();
    if (held !== '') keys[each] = held;
  }
  if (keys[kind] !== digest) return undefined;
  const idJson = next();
  let id: unknown;
  try {
    id = JSON.parse(idJson);
  } catch {
    throw corruptRecord('a Redis unique key');
  }
  if (typeof id !== 'string' || version === '') throw corruptRecord('a Redis unique key');
  return { id, version: Number(version), keys: keys as RecordKeys, data: value.slice(start) };
}
