import type { TokenStore } from '@tokenstore/core';

/** What every parsed store URL has: the kind of store it names. */
export interface SpecOfKind<K extends string = string> {
  readonly kind: K;
}

/**
 * Everything the CLI knows about one kind of store, in one module: adding a kind is its adapter
 * package and one such module listed in `STORE_KINDS`.
 */
export interface StoreKind<S extends SpecOfKind> {
  /** The `kind` of the specs it parses. */
  readonly kind: S['kind'];
  /** The URL schemes it serves, lower case, without `:`. */
  readonly schemes: readonly string[];
  /** The adapter package that opens it (an optional peer dependency of the CLI). */
  readonly packageName: string;
  /** An example URL, for help texts and error messages. */
  readonly urlForm: string;
  /**
   * Parses a URL with one of `schemes`.
   *
   * @throws UsageError saying what is wrong, never echoing a password.
   */
  parse(text: string): S;
  /**
   * Opens the store, importing the adapter package on demand (see `loadAdapter`). With
   * `readOnly` (count, list, show, export, a migration's source) it creates nothing: no file,
   * table or schema, where the adapter can open without (SQLite).
   */
  open(spec: S, options?: OpenOptions): Promise<TokenStore>;
  /** Its namespace: what it is called, a fresh one for `tokenstore check`, and how to set it. */
  readonly namespace: {
    /** `table`, `prefix`, `collection`, ... for messages. */
    readonly name: string;
    /** A fresh namespace valid for this kind, from random hex. */
    fresh(hex: string): string;
    /** `spec` opened on `namespace` instead. */
    apply(spec: S, namespace: string): S;
  };
}

/** How a command opens a store. */
export interface OpenOptions {
  /** The command only reads: create nothing. */
  readonly readOnly?: boolean;
}

/** Declares a store kind with its spec type inferred from `parse`. */
export function defineStoreKind<S extends SpecOfKind>(kind: StoreKind<S>): StoreKind<S> {
  return kind;
}
