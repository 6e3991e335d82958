import { hash } from 'node:crypto';
import type { UniqueKey } from './lookup-key.js';

/**
 * The digest under which a backend indexes a unique key: SHA-256 over the JSON of the kind and
 * its parts (JSON keeps lone surrogates and NUL distinct and the parts unambiguous), base64url.
 */
export function digestKey(key: UniqueKey): string {
  return hash('sha256', keyJson(key), 'base64url');
}

/** `JSON.stringify([key.kind, ...key.parts])` (the parts are strings), without the array. */
export function keyJson(key: UniqueKey): string {
  const { parts } = key;
  let json = `[${JSON.stringify(key.kind)}`;
  for (let i = 0; i < parts.length; i++) json += `,${JSON.stringify(parts[i])}`;
  return `${json}]`;
}
