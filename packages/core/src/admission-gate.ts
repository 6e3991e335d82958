/** Lookups per verdict on whether a cache pays. */
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
  #lookups = 0;
  #hits = 0;
  #misses = 0;
  #churning = false;

  /** Counts a lookup that found what it wanted. */
  hit(): void {
    this.#hits++;
    this.#count();
  }

  /** Counts a lookup that missed; true when what it missed should be kept. */
  miss(): boolean {
    this.#count();
    return !this.#churning || ++this.#misses % SAMPLED === 0;
  }

  /** Whether only some misses are kept now (for tests and diagnostics). */
  get churning(): boolean {
    return this.#churning;
  }

  #count(): void {
    if (++this.#lookups < WINDOW) return;
    if (this.#hits < CHURN_HITS) this.#churning = true;
    else if (this.#hits > PAYING_HITS) this.#churning = false;
    this.#lookups = 0;
    this.#hits = 0;
  }
}
