import { randomUUID } from 'node:crypto';
import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import type { StoredToken, TokenInput } from '../token.js';
import { publishLeaseEvent } from '../tracing/lease-events.js';

/**
 * Start of the `userName` of every lease record. A lease is stored as a token because the
 * contract persists nothing else; this prefix tells it from a user's token.
 */
export const REFRESH_LEASE_PREFIX = 'tokenstore:refresh-lease:';

/** `apiDomain` of a lease whose holder is refreshing. */
const HELD = 'held';
/** `apiDomain` of a remembered permanent failure: `failed:<token version>:<reason>`. */
const FAILED = 'failed:';

/** True when a stored token is a refresh lease record, not a user's token. */
export function isRefreshLease(token: TokenInput): boolean {
  return typeof token.userName === 'string' && token.userName.startsWith(REFRESH_LEASE_PREFIX);
}

/** The id of the token a lease or failure record guards. */
export function leasedTokenId(lease: TokenInput): string {
  return (lease.userName ?? '').slice(REFRESH_LEASE_PREFIX.length);
}

/** The outcome of one try to take a token's refresh lease. */
export type LeaseAttempt =
  /** This caller holds the lease until `lease.expiresAt`: it alone may refresh. */
  | { status: 'acquired'; lease: StoredToken }
  /** Another holder is refreshing, until `until` at the latest. */
  | { status: 'held'; until: number }
  /** A refresh of this very token version failed for good; nobody should try again. */
  | { status: 'failed'; reason: string | undefined; until: number }
  /** Another caller took the lease between our read and our insert. */
  | { status: 'contended' }
  /**
   * A refresh failed for good at a newer version of the token than the caller read: read the
   * token again and judge by its current version (the failure may be of that very version).
   */
  | { status: 'outdated' };

/** What a lease record says: a refresh is under way, or one failed for good. */
export type LeaseState =
  | { kind: 'held' }
  | { kind: 'failed'; tokenVersion: number; reason: string | undefined };

/** The state of a lease record. */
export function leaseStateOf(record: StoredToken): LeaseState {
  const state = record.apiDomain ?? '';
  if (!state.startsWith(FAILED)) return { kind: 'held' }; // anything unknown counts as held
  const [version, ...reason] = state.slice(FAILED.length).split(':');
  const joined = reason.join(':');
  return {
    kind: 'failed',
    tokenVersion: Number(version),
    reason: joined === '' ? undefined : joined,
  };
}

/**
 * Refresh leases on any conforming `TokenStore`, built on its contract alone: a lease is a record
 * whose `userName` is the prefix and the token id, inserted with `expectedVersion: 0` (of
 * concurrent inserts exactly one wins), released with `deleteToken` by the record's own id
 * (fresh for every lease, so a late holder can never delete its successor's lease), and taken
 * over, once expired, by deleting that record by id and inserting anew. Only an atomic
 * insert-if-absent is needed, which every store has (even where compare-and-set is not atomic).
 */
export class RefreshLeases {
  readonly #store: TokenStore;
  readonly #holderId: string;
  readonly #leaseMs: number;

  constructor(store: TokenStore, holderId: string, leaseMs: number) {
    this.#store = store;
    this.#holderId = holderId;
    this.#leaseMs = leaseMs;
  }

  /**
   * Tries once to take the lease of token `tokenId`, whose current version is `tokenVersion`.
   * `reread`: the caller read that version again after an `outdated` answer, so a failure record
   * of a newer version is not of its token (one deleted and saved anew under its id): take over.
   */
  async acquire(tokenId: string, tokenVersion: number, reread = false): Promise<LeaseAttempt> {
    const userName = REFRESH_LEASE_PREFIX + tokenId;
    const found = await this.#store.findToken({ userName });
    if (found !== null) {
      const until = found.expiresAt ?? 0;
      const state = leaseStateOf(found);
      if (Date.now() < until) {
        if (state.kind === 'held') {
          this.#publish('held', tokenId);
          return { status: 'held', until };
        }
        if (state.tokenVersion === tokenVersion) {
          this.#publish('failed', tokenId);
          return { status: 'failed', reason: state.reason, until };
        }
        // Taking it over would present the refresh token that failed once more.
        if (state.tokenVersion > tokenVersion && !reread) return { status: 'outdated' };
      }
      // Expired (its holder died or overran it) or a failure of an older version: take it over.
      // Deleting by id removes exactly that record, never a lease someone else took meanwhile.
      await this.#store.deleteToken(found.id);
    }
    try {
      const lease = await this.#store.saveToken(
        {
          userName,
          // Unique per lease (accessToken is a unique key), and names the holder for debugging.
          accessToken: `${this.#holderId}/${randomUUID()}`,
          expiresAt: Date.now() + this.#leaseMs,
          apiDomain: HELD,
        },
        { expectedVersion: 0 },
      );
      this.#publish(found === null ? 'acquired' : 'takenOver', tokenId);
      return { status: 'acquired', lease };
    } catch (error) {
      if (
        isTokenStoreError(error, 'VERSION_CONFLICT') ||
        isTokenStoreError(error, 'DUPLICATE_KEY')
      ) {
        this.#publish('contended', tokenId);
        return { status: 'contended' };
      }
      throw error;
    }
  }

  /**
   * Gives the lease up. A failure to do so is not reported: the lease then simply expires, and
   * the token it guards is already saved.
   */
  async release(lease: StoredToken): Promise<void> {
    try {
      await this.#store.deleteToken(lease.id);
      this.#publish('released', leasedTokenId(lease));
    } catch {
      // Expires by itself after leaseMs.
    }
  }

  /**
   * Turns the lease into a record of a permanent failure of token version `tokenVersion`, kept
   * `ttlMs`: other callers then fail at once instead of presenting a dead refresh token again.
   * Compare-and-set on the lease's version, so a lease taken over meanwhile is left alone.
   */
  async markFailed(
    lease: StoredToken,
    tokenVersion: number,
    reason: string | undefined,
    ttlMs: number,
  ): Promise<void> {
    try {
      await this.#store.saveToken(
        {
          id: lease.id,
          expiresAt: Date.now() + ttlMs,
          apiDomain: `${FAILED}${tokenVersion}:${reason ?? ''}`,
        },
        { expectedVersion: lease.version },
      );
      this.#publish('markedFailed', leasedTokenId(lease));
    } catch {
      await this.release(lease);
    }
  }

  #publish(event: Parameters<typeof publishLeaseEvent>[0], tokenId: string): void {
    publishLeaseEvent(event, tokenId, this.#store, this.#holderId);
  }
}
