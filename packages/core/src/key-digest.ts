import { hash } from 'node:crypto';
import type { UniqueKey } from './lookup-key.js';

/**
 * The digest under which a backend indexes a unique key: SHA-256 over the JSON of the kind and
 * its parts (JSON keeps lone surrogates and NUL distinct and the parts unambiguous), base64url.
 */
export function digestKey(key: UniqueKey): string {
  return hash('sha256', JSON.stringify([key.kind, ...key.parts]), 'base64url');
}
