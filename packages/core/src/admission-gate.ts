/** Lookups per verdict on whether a cache pays (at least: a verdict waits for a miss). */
const WINDOW = 512;
/** Fewer hits than this in a window (3 %): the cache is churning, keep few of the misses. */
const CHURN_HITS = WINDOW / 32;
/** More hits than this in a window (25 %): keeping every miss pays again. */
const PAYING_HITS = WINDOW / 4;
/** While churning, one miss in this many is kept. */
const SAMPLED = 16;

/**
 * Whether a cache of core (decoded tokens, key digests) should keep what a lookup just missed.
 * A cache smaller than the set of tokens read in turn (4,096 of a million, say) never hits,
 * and keeping each miss costs more than the miss: the entry is built, outlives the young
 * generation and is dropped from the old one (SQLite finds of 20k tokens: 10-11 µs with every
 * miss kept, 8 µs with none). So, per window of {@link WINDOW} lookups: with fewer than
 * {@link CHURN_HITS} hits, one miss in {@link SAMPLED} is kept, which still lets a set of
 * tokens read again and again into the cache; with more than {@link PAYING_HITS}, every miss
 * is kept again. The two thresholds are apart so that a cache half full of sampled entries
 * does not flip back and forth. Counted, not random: the same lookups give the same caching.
 */
export class AdmissionGate {
  /**
   * Hits since the last verdict: a caller adds one on each hit (a field, not a method: it is on
   * every read of a kept token, the path the caches are for).
   */
  hits = 0;
  /** Misses since the last verdict. */
  #misses = 0;
  /** Misses while churning, one in {@link SAMPLED} of which is kept. */
  #sampled = 0;
  #churning = false;

  /**
   * Counts a lookup that missed; true when what it missed should be kept. The verdict on the
   * window is taken here, on the miss that completes it: a cache that only hits needs none.
   */
  miss(): boolean {
    if (++this.#misses + this.hits >= WINDOW) {
      if (this.hits < CHURN_HITS) this.#churning = true;
      else if (this.hits > PAYING_HITS) this.#churning = false;
      this.hits = 0;
      this.#misses = 0;
    }
    return !this.#churning || ++this.#sampled % SAMPLED === 0;
  }

  /** Whether only some misses are kept now (for tests and diagnostics). */
  get churning(): boolean {
    return this.#churning;
  }
}
