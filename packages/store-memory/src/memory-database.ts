import type { TokenRecord } from '@tokenstore/core/backend';

/** Per unique key kind, each digest → the id of the record that holds it. */
export interface MemoryKeyMaps {
  /** Digests of `userName`. */
  readonly userName: Map<string, string>;
  /** Digests of `accessToken`. */
  readonly accessToken: Map<string, string>;
  /** Digests of `clientId` + `refreshToken`. */
  readonly refreshToken: Map<string, string>;
  /** Digests of `clientId` + `grantToken`. */
  readonly grantToken: Map<string, string>;
}

/** One namespace: records by id, and per key kind each digest pointing at its record's id. */
export interface MemoryNamespace {
  readonly records: Map<string, TokenRecord>;
  /**
   * Per kind, digest → id. One map per kind rather than one keyed by `${kind}:${digest}`: a
   * lookup then hashes the digest string as it came, without building and hashing a longer one
   * (that concatenation was most of a memory lookup's time).
   */
  readonly keys: MemoryKeyMaps;
}

/**
 * The data behind memory stores. Stores given the same database and namespace share tokens (as
 * two connections to one server would); different namespaces are isolated. Lives as long as the
 * process: nothing is written anywhere.
 */
export class MemoryDatabase {
  readonly #namespaces = new Map<string, MemoryNamespace>();

  /** The namespace's maps, created on first use. */
  namespace(name: string): MemoryNamespace {
    let space = this.#namespaces.get(name);
    if (space === undefined) {
      // No prototype: a kind that is not one (a caller's typo) finds no map, not Object's.
      const keys = Object.assign(Object.create(null) as MemoryNamespace['keys'], {
        userName: new Map(),
        accessToken: new Map(),
        refreshToken: new Map(),
        grantToken: new Map(),
      });
      space = { records: new Map(), keys };
      this.#namespaces.set(name, space);
    }
    return space;
  }

  /** Shows namespace sizes only, never a record. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const sizes = [...this.#namespaces].map(([name, space]) => `${name}: ${space.records.size}`);
    return `MemoryDatabase { ${sizes.join(', ')} }`;
  }
}
