import { hash } from 'node:crypto';
import type { UniqueKey, UniqueKeyKind } from './lookup-key.js';

/**
 * The digest under which a backend indexes a unique key: SHA-256 over the JSON of the kind and
 * its parts (JSON keeps lone surrogates and NUL distinct and the parts unambiguous), base64url.
 */
export function digestKey(key: UniqueKey): string {
  return hash('sha256', keyJson(key), 'base64url');
}

/** `["kind"`: the JSON of the kinds there are is fixed (a switch: no prototype to trip on). */
function kindJson(kind: UniqueKeyKind): string {
  switch (kind) {
    case 'userName':
      return '["userName"';
    case 'accessToken':
      return '["accessToken"';
    case 'refreshToken':
      return '["refreshToken"';
    case 'grantToken':
      return '["grantToken"';
    default:
      return `[${JSON.stringify(kind)}`;
  }
}

/** `JSON.stringify([key.kind, ...key.parts])` (the parts are strings), without the array. */
export function keyJson(key: UniqueKey): string {
  const { parts } = key;
  let json = kindJson(key.kind);
  for (let i = 0; i < parts.length; i++) json += `,${JSON.stringify(parts[i])}`;
  return `${json}]`;
}
