import { keyJson } from './key-digest.js';
import type { UniqueKey } from './lookup-key.js';
import type { RecordCodec } from './record-codec.js';

/** Lookups whose digests a store keeps: about 100 bytes each with the key text. */
const KEPT = 1_024;

/**
 * `codec`, with the digests of the last {@link KEPT} key values it was asked for kept, so that
 * a find or save by a key looked up before does not hash it again (SHA-256 was about a tenth of
 * a SQLite find's CPU time). Only for the plain codec: the key values are kept as text, which
 * is what its records hold in plain text too; an encrypted store keeps no key values.
 */
export function withDigestCache(codec: RecordCodec): RecordCodec {
  const kept = new Map<string, string[]>();
  const digests = (key: UniqueKey): string[] => {
    const text = keyJson(key);
    const known = kept.get(text);
    if (known !== undefined) return known;
    const made = Object.freeze(codec.digests(key)) as string[];
    kept.set(text, made);
    if (kept.size > KEPT) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
    return made;
  };
  return { ...codec, digests };
}
