import type { TokenStore } from '../store.js';
import type { StoredToken } from '../token.js';
import type { ConformanceContext } from './types.js';

/** How many saves a bulk helper keeps in flight: fast on slow servers, gentle on small ones. */
const IN_FLIGHT = 16;

/**
 * Saves `count` fresh tokens, a few at a time, and returns them. Large enough counts cross any
 * page or batch size a store uses on its own (100, 128, 256...), which is what the cases using
 * this are about.
 */
export async function saveMany(
  t: ConformanceContext,
  store: TokenStore,
  count: number,
): Promise<StoredToken[]> {
  const saved: StoredToken[] = [];
  for (let start = 0; start < count; start += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, count - start) }, () =>
      store.saveToken(t.token()),
    );
    saved.push(...(await Promise.all(batch)));
  }
  return saved;
}

/** A small deterministic random generator (mulberry32) for cases that choose from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}
