import type { Capabilities, Capability } from '../capabilities.js';
import type { TokenStore } from '../store.js';
import type { TokenInput } from '../token.js';

export type { Capabilities, Capability } from '../capabilities.js';

/** How the suite gets stores. */
export interface ConformanceOptions {
  /** A fresh, empty store, isolated from every other store it returns, on the same backend. */
  create: () => TokenStore | Promise<TokenStore>;
  /** A new store instance over the same data as `store` (to test persistence). */
  reopen?: (store: TokenStore) => TokenStore | Promise<TokenStore>;
  /**
   * A store on the namespace the suite names (table, key prefix, collection, secret name
   * prefix). The namespace cases choose names themselves: names that are prefixes of each other,
   * and names holding separators (`:`, `/`, `,`, `{`, `}`, `.`, `-`). A store that does not accept
   * a name throws (or rejects) a `TypeError`, a `RangeError` or an `INVALID_TOKEN` error here, and
   * the suite uses only the names it accepted; plain names (`[a-z][a-z0-9_]*`, under 40
   * characters) must be accepted. {@link byNamespace} supplies it.
   */
  open?: (namespace: string) => TokenStore | Promise<TokenStore>;
  /** What the backend lacks; omit to run every case. */
  capabilities?: Capabilities;
  /**
   * Longest run of one case in milliseconds, after which it fails with a timeout (default
   * 120 000). The runner bindings pass it on to their runner.
   */
  timeoutMs?: number;
  /**
   * Seed of the generated (model-based and adversarial) cases. Default: the env variable
   * `TOKENSTORE_CONFORMANCE_SEED`, else a seed fixed per release of the suite, so that a run is
   * reproducible. A failure names the seed it ran with.
   */
  seed?: number;
  /**
   * How many random command sequences the model-based cases try (default: the env variable
   * `TOKENSTORE_CONFORMANCE_RUNS`, else 6). Each run opens a fresh store and crosses several
   * hundred tokens; raise it for a thorough run, e.g. 100 overnight.
   */
  runs?: number;
  /**
   * Longest time the model-based case spends shrinking a failure to its shortest sequence, in
   * milliseconds (default 30 000). Each try reruns a sequence on a fresh store.
   */
  shrinkTimeMs?: number;
}

/** What a case gets to work with. Stores it creates are closed after the case. */
export interface ConformanceContext {
  /** A fresh, empty, isolated store. */
  store(): Promise<TokenStore>;
  /** A new instance over the same data as `store`. */
  reopen(store: TokenStore): Promise<TokenStore>;
  /**
   * A store on a namespace the suite chose, or `undefined` when the store declined that name
   * (see {@link ConformanceOptions.open}). Fails the case when `open` was not given.
   */
  storeIn(namespace: string, plain?: boolean): Promise<TokenStore | undefined>;
  /** A value no other case or run uses, starting with `label`. */
  unique(label: string): string;
  /** A token with every field set to fresh unique values, with `overrides` applied. */
  token(overrides?: TokenInput): TokenInput;
  /** The seed of generated cases (see {@link ConformanceOptions.seed}). */
  readonly seed: number;
  /** Runs of model-based cases (see {@link ConformanceOptions.runs}). */
  readonly runs: number;
  /** Shrinking budget of model-based cases (see {@link ConformanceOptions.shrinkTimeMs}). */
  readonly shrinkTimeMs: number;
  /** True when the store declared this capability `false`. */
  lacks(capability: Capability): boolean;
}

/** One behaviour of the contract, as data: run it with any test runner. */
export interface ConformanceCase {
  /** The group: one concern of the contract, such as `lookup` or `uniqueness`. */
  readonly group: string;
  /** What the behaviour is, as a sentence. */
  readonly name: string;
  /** Capabilities the case needs; it is skipped when the store declares one `false`. */
  readonly requires?: readonly Capability[];
  /** True for cases whose inputs come from the seed: their results carry it. */
  readonly seeded?: boolean;
  readonly run: (context: ConformanceContext) => Promise<void>;
}

/** The result of one case. */
export interface CaseResult {
  /** `group › case`, for display; read `group` and `case` rather than parsing it. */
  readonly name: string;
  /** The case's group, such as `lookup`. */
  readonly group: string;
  /** The case's own name, a sentence. */
  readonly case: string;
  /** The seed a generated case ran with: pass it back as `seed` to reproduce the run. */
  readonly seed?: number;
  /** How long the case took, in milliseconds (passed and failed cases). */
  readonly durationMs?: number;
  /** Why it failed (failed cases). */
  readonly error?: unknown;
  /** Why it was skipped (skipped cases). */
  readonly reason?: string;
}

/** What {@link runConformance} found. */
export interface ConformanceResult {
  readonly passed: CaseResult[];
  readonly failed: CaseResult[];
  readonly skipped: CaseResult[];
}
