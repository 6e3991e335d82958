import type { TokenStore } from '../store.js';

/**
 * What {@link prune} removes; a token is removed when any rule selects it. With no rule given,
 * only expired refresh leases and failure records are removed.
 */
export interface PrunePolicy {
  /**
   * Tokens not saved for this long, in milliseconds: their `updatedAt` is more than this before
   * now. Tokens without `updatedAt` (last saved before stores recorded it) are never selected
   * by this rule: they are counted in `unknownAge`.
   */
  olderThanMs?: number;
  /**
   * Tokens whose refresh failed permanently: a failure record in the lease store names their
   * current version (the refresh token was presented and refused; nobody saved the token
   * since, e.g. after the user authorized again). Default false.
   */
  refreshFailed?: boolean;
  /** Refresh leases and failure records whose time is up. Default true. */
  expiredLeases?: boolean;
}

/** Options of {@link prune}. */
export interface PruneOptions {
  /** Report what would be removed, remove nothing. Default false. */
  dryRun?: boolean;
  /**
   * Where the refresher keeps its leases (its `leaseStore` option), when not in `store`. Its
   * failure records drive `refreshFailed`; its expired records are removed too.
   */
  leaseStore?: TokenStore;
  /** The time rules are judged against, in epoch milliseconds. Default: now. */
  now?: number;
  /** Tokens fetched per page. Default 100. */
  pageSize?: number;
}

/** Why {@link prune} selected a record. */
export type PruneReason = 'olderThan' | 'refreshFailed' | 'expiredLease';

/** One record {@link prune} removed (or, in a dry run, would remove). */
export interface PrunedRecord {
  readonly id: string;
  readonly reason: PruneReason;
  /** The version it had when it was read; it was removed only if it still had it. */
  readonly version: number;
}

/** What {@link prune} did. */
export interface PruneResult {
  /** Records read (tokens, and leases when they live in another store). */
  scanned: number;
  /** What was removed; in a dry run, what would be. */
  removed: PrunedRecord[];
  /** Selected, but saved again since they were read (a refresh): left alone. */
  changed: number;
  /** Tokens without `updatedAt`, which `olderThanMs` cannot judge. */
  unknownAge: number;
  dryRun: boolean;
}
