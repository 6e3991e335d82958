import type { UniqueKeyKind } from '../lookup-key.js';
import type { TracedOperation } from './channels.js';

/** Which key an operation looked a token up by: never the key's value. */
export type TraceKeyKind = UniqueKeyKind | 'id' | 'none';

/**
 * What an operation did:
 * - `hit`/`miss`: a find (or delete, ping) found (removed, reached) something or not;
 * - `inserted`/`updated`: a save's effect;
 * - `conflict`: `VERSION_CONFLICT`; `duplicate`: `DUPLICATE_KEY`; `error`: any other failure.
 */
export type TraceOutcome =
  | 'hit'
  | 'miss'
  | 'inserted'
  | 'updated'
  | 'conflict'
  | 'duplicate'
  | 'error'
  | 'ok';

/**
 * The context object of every event of a `tokenstore:<operation>` TracingChannel (the same
 * object from `start` to `asyncEnd`). It never holds a token or a token value: `result` is
 * always `undefined`, and `error` is a `TokenStoreError`, whose message holds no secret.
 */
export interface OperationContext {
  readonly operation: TracedOperation;
  /** The store's description, as its backend gives it (e.g. `sqlite tokens.db table=tokens`). */
  readonly store: string;
  /** The kind of key the call looked up or wrote by; undefined for calls without one. */
  readonly keyKind: TraceKeyKind | undefined;
  /** Set before `asyncEnd` (and `error`). */
  outcome?: TraceOutcome;
  /** The error's `code` when the call failed with one. */
  errorCode?: string;
  /** For `saveToken`: how many times the save was tried again after losing a race. */
  retries: number;
  /** For `tokens`, `getTokens`, `reencrypt`: how many tokens were read. */
  count?: number;
  /** Set by `diagnostics_channel` on failure. */
  error?: unknown;
  /** Set by `diagnostics_channel` on success: always `undefined` here. */
  result?: unknown;
}

/**
 * The context of a `tokenstore:refresh` TracingChannel: one call of the refresh function,
 * made under a lease. No token value.
 */
export interface RefreshTraceContext {
  readonly operation: 'refresh';
  /** The id of the token being refreshed. */
  readonly tokenId: string;
  /** The lease holder's name. */
  readonly holderId: string;
  /** `refreshed`, or `failed` (see `permanent`). */
  outcome?: 'refreshed' | 'failed';
  /** For a failure: true when the refresh token is dead. */
  permanent?: boolean;
  /** For a failure: a short reason such as `invalid_grant`, when known. */
  reason?: string | undefined;
  error?: unknown;
  result?: unknown;
}

/**
 * A message of the `tokenstore:lease` channel:
 * - `acquired`: this refresher took a free lease;
 * - `takenOver`: it removed an expired lease (or an outdated failure record) and took the lease;
 * - `released`: it gave the lease up;
 * - `markedFailed`: it turned the lease into a permanent-failure record;
 * - `held`: another holder is refreshing; `failed`: a failure record stopped the refresh;
 * - `contended`: another caller took the lease between read and insert;
 * - `pruned`: `prune` removed an expired lease or failure record;
 * - `swept`: a refresher's background sweep removed an expired lease or failure record.
 */
export interface LeaseEvent {
  readonly event:
    | 'acquired'
    | 'takenOver'
    | 'released'
    | 'markedFailed'
    | 'held'
    | 'failed'
    | 'contended'
    | 'pruned'
    | 'swept';
  /** The id of the token the lease guards. */
  readonly tokenId: string;
  /** The name of the refresher (absent for `pruned`). */
  readonly holderId?: string;
  /** The lease store, as `util.inspect` shows it. */
  readonly store: string;
}
