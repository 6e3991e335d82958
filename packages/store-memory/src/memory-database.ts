import type { TokenRecord } from '@tokenstore/core/backend';

/** One namespace: records by id, and each unique key digest pointing at its record's id. */
export interface MemoryNamespace {
  readonly records: Map<string, TokenRecord>;
  /** `${kind}:${digest}` → id */
  readonly keys: Map<string, string>;
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
      space = { records: new Map(), keys: new Map() };
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
