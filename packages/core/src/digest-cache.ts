import { AdmissionGate } from './admission-gate.js';
import { BoundedMap } from './bounded-map.js';
import type { UniqueKey, UniqueKeyKind } from './lookup-key.js';
import type { RecordCodec } from './record-codec.js';

/** Lookups whose digests a store keeps per key kind: about 100 bytes each with the key text. */
const KEPT = 1_024;

interface Kept {
  /** The first of two parts (the clientId of a refresh or grant token key), else undefined. */
  readonly first: string | undefined;
  readonly digests: readonly string[];
}

/**
 * `codec`, with the digests of the last {@link KEPT} values of each key kind it was asked for
 * kept, so that a find or save by a key looked up before does not hash it again (SHA-256 was
 * about a tenth of a SQLite find's CPU time). Kept per kind under the key's last part, the
 * value a caller passes in: building the key's JSON text to look it up cost 0.25 µs of a find,
 * ten times the lookup. A pair key is the same only when its first part is too (a token
 * string shared by two clients just takes the other's place). Only for the plain codec: the
 * key values are kept as text, which is what its records hold in plain text too; an encrypted
 * store keeps no key values. While lookups keep missing (more keys looked up in turn than are
 * kept), only some of the missed keys are kept ({@link AdmissionGate}).
 */
export function withDigestCache(codec: RecordCodec): RecordCodec {
  const kept: Record<UniqueKeyKind, BoundedMap<Kept>> = {
    userName: new BoundedMap({ maxEntries: KEPT }),
    accessToken: new BoundedMap({ maxEntries: KEPT }),
    refreshToken: new BoundedMap({ maxEntries: KEPT }),
    grantToken: new BoundedMap({ maxEntries: KEPT }),
  };
  const gate = new AdmissionGate();
  const digests = (key: UniqueKey): string[] => {
    const { parts } = key;
    const map = Object.hasOwn(kept, key.kind) ? kept[key.kind] : undefined;
    const last = parts[parts.length - 1];
    if (map === undefined || last === undefined || parts.length > 2) return codec.digests(key);
    const first = parts.length === 2 ? parts[0] : undefined;
    const known = map.get(last);
    if (known !== undefined && known.first === first) {
      gate.hits++;
      return known.digests as string[];
    }
    const made = Object.freeze(codec.digests(key)) as string[];
    if (gate.miss() || known !== undefined) map.set(last, { first, digests: made });
    return made;
  };
  return { ...codec, digests };
}
