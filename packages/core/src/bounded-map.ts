/** The limits of a {@link BoundedMap}. */
export interface BoundedMapLimits<V> {
  /** At most this many entries. */
  readonly maxEntries: number;
  /** At most this much of `sizeOf` over the entries, added up (default: no limit). */
  readonly maxSize?: number;
  /** What an entry counts against `maxSize`; read when it is set and when it goes. */
  readonly sizeOf?: (value: V) => number;
  /** Told of each entry dropped to stay within the limits (not of `delete` or `clear`). */
  readonly onEvict?: (key: string, value: V) => void;
}

/**
 * A `Map` by string that keeps at most `maxEntries` entries and `maxSize` of their sizes, the
 * caches of a store (decoded tokens, key digests, recent records): when a set goes over, the
 * entries kept first go, but never the one just set, whatever its size. A key set again keeps
 * its place: moving it to the end would cost a delete and an insert on every read of what is
 * kept already, for an order that only decides what goes first.
 */
export class BoundedMap<V> {
  readonly #entries = new Map<string, V>();
  readonly #maxEntries: number;
  readonly #maxSize: number;
  readonly #sizeOf: ((value: V) => number) | undefined;
  readonly #onEvict: ((key: string, value: V) => void) | undefined;
  /** {@link BoundedMapLimits.sizeOf} over the entries, added up. */
  #size = 0;

  constructor(limits: BoundedMapLimits<V>) {
    this.#maxEntries = limits.maxEntries;
    this.#maxSize = limits.maxSize ?? Number.POSITIVE_INFINITY;
    this.#sizeOf = limits.sizeOf;
    this.#onEvict = limits.onEvict;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Keeps `value` under `key`; returns what `key` held before, if anything. */
  set(key: string, value: V): V | undefined {
    const entries = this.#entries;
    const old = entries.get(key);
    entries.set(key, value);
    const sizeOf = this.#sizeOf;
    if (sizeOf !== undefined) {
      this.#size += sizeOf(value) - (old === undefined ? 0 : sizeOf(old));
    }
    if (entries.size > this.#maxEntries || this.#size > this.#maxSize) this.#evictFor(key);
    return old;
  }

  /** Drops `key`; returns what it held, if anything. */
  delete(key: string): V | undefined {
    const old = this.#entries.get(key);
    if (old === undefined) return undefined;
    this.#entries.delete(key);
    if (this.#sizeOf !== undefined) this.#size -= this.#sizeOf(old);
    return old;
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }

  #evictFor(kept: string): void {
    for (const [key, value] of this.#entries) {
      if (key !== kept) {
        this.delete(key);
        this.#onEvict?.(key, value);
      }
      if (this.#entries.size <= this.#maxEntries && this.#size <= this.#maxSize) return;
    }
  }
}
