import type { TokenStore } from '../store.js';
import type { TokenInput } from '../token.js';

/**
 * Backend abilities a store may declare it lacks. Absent or `true` means "has it": every case
 * runs. A case is skipped only for a capability declared `false`.
 */
export interface Capabilities {
  /** Data outlives a store instance: `reopen` sees what an earlier instance saved. */
  persistence?: boolean;
  /**
   * A conditional write (version compare-and-set) is atomic on the server, so concurrent writers
   * of one token never lose an update and exactly one of two same-`expectedVersion` saves wins.
   */
  atomicConditionalWrites?: boolean;
}

export type Capability = keyof Capabilities;

/** How the suite gets stores. */
export interface ConformanceOptions {
  /** A fresh, empty store, isolated from every other store it returns, on the same backend. */
  create: () => TokenStore | Promise<TokenStore>;
  /** A new store instance over the same data as `store` (to test persistence). */
  reopen?: (store: TokenStore) => TokenStore | Promise<TokenStore>;
  /** What the backend lacks; omit to run every case. */
  capabilities?: Capabilities;
}

/** What a case gets to work with. Stores it creates are closed after the case. */
export interface ConformanceContext {
  /** A fresh, empty, isolated store. */
  store(): Promise<TokenStore>;
  /** A new instance over the same data as `store`. */
  reopen(store: TokenStore): Promise<TokenStore>;
  /** A value no other case or run uses, starting with `label`. */
  unique(label: string): string;
  /** A token with every field set to fresh unique values, with `overrides` applied. */
  token(overrides?: TokenInput): TokenInput;
}

/** One behaviour of the contract, as data: run it with any test runner. */
export interface ConformanceCase {
  /** The group: one concern of the contract, such as `lookup` or `uniqueness`. */
  readonly group: string;
  /** What the behaviour is, as a sentence. */
  readonly name: string;
  /** Capabilities the case needs; it is skipped when the store declares one `false`. */
  readonly requires?: readonly Capability[];
  readonly run: (context: ConformanceContext) => Promise<void>;
}

/** The result of one case. */
export interface CaseResult {
  /** `group › name` */
  readonly name: string;
  /** Why it failed (failed cases) or was skipped (skipped cases). */
  readonly error?: unknown;
  readonly reason?: string;
}

/** What {@link runConformance} found. */
export interface ConformanceResult {
  readonly passed: CaseResult[];
  readonly failed: CaseResult[];
  readonly skipped: CaseResult[];
}
