import { TokenStoreError } from '../errors.js';
import { isRefreshLease, leasedTokenId, leaseStateOf } from '../refresh/refresh-lease.js';
import type { TokenStore } from '../store.js';
import type { StoredToken } from '../token.js';
import { publishLeaseEvent } from '../tracing/lease-events.js';
import { deleteUnchanged } from './delete-unchanged.js';
import type {
  PrunedRecord,
  PruneOptions,
  PrunePolicy,
  PruneReason,
  PruneResult,
} from './prune-policy.js';

function invalid(message: string): TokenStoreError {
  return new TokenStoreError('INVALID_TOKEN', `prune: ${message}`);
}

function checkPolicy(policy: PrunePolicy, options: PruneOptions): void {
  const { olderThanMs } = policy;
  if (olderThanMs !== undefined && !(Number.isSafeInteger(olderThanMs) && olderThanMs >= 0)) {
    throw invalid('olderThanMs must be a non-negative integer of milliseconds');
  }
  if (options.now !== undefined && !Number.isSafeInteger(options.now)) {
    throw invalid('now must be an integer of epoch milliseconds');
  }
}

/** The versions of tokens whose refresh failed permanently, by token id, from `leases`. */
async function failedVersions(leases: TokenStore, pageSize: number): Promise<Map<string, number>> {
  const failed = new Map<string, number>();
  for await (const record of leases.tokens({ pageSize })) {
    if (!isRefreshLease(record)) continue;
    const state = leaseStateOf(record);
    if (state.kind === 'failed') failed.set(leasedTokenId(record), state.tokenVersion);
  }
  return failed;
}

/**
 * Removes tokens by policy: tokens not saved for `olderThanMs`, tokens whose refresh failed
 * permanently, and expired refresh leases and failure records (see {@link PrunePolicy}).
 * Streams through `store.tokens()` page by page, so memory stays bounded, and removes each
 * selected token only if its version is still the one it was read at: a token refreshed
 * meanwhile stays. Run it with `dryRun: true` first to see what it selects.
 *
 * ```ts
 * const day = 24 * 60 * 60 * 1000;
 * const preview = await prune(store, { olderThanMs: 30 * day, refreshFailed: true }, { dryRun: true });
 * console.log(preview.removed.length, 'tokens would be removed');
 * await prune(store, { olderThanMs: 30 * day, refreshFailed: true });
 * ```
 */
export async function prune(
  store: TokenStore,
  policy: PrunePolicy = {},
  options: PruneOptions = {},
): Promise<PruneResult> {
  checkPolicy(policy, options);
  const now = options.now ?? Date.now();
  const pageSize = options.pageSize ?? 100;
  const dryRun = options.dryRun === true;
  const leaseStore = options.leaseStore ?? store;
  const expiredLeases = policy.expiredLeases ?? true;
  const cutoff = policy.olderThanMs === undefined ? undefined : now - policy.olderThanMs;
  const failed =
    policy.refreshFailed === true ? await failedVersions(leaseStore, pageSize) : new Map();
  const result: PruneResult = { scanned: 0, removed: [], changed: 0, unknownAge: 0, dryRun };

  const remove = async (from: TokenStore, token: StoredToken, reason: PruneReason) => {
    const record: PrunedRecord = { id: token.id, reason, version: token.version };
    if (dryRun) {
      result.removed.push(record);
      return;
    }
    if (!(await deleteUnchanged(from, token))) {
      result.changed++;
      return;
    }
    result.removed.push(record);
    if (reason === 'expiredLease') publishLeaseEvent('pruned', leasedTokenId(token), from);
  };

  const isExpiredLease = (token: StoredToken) => (token.expiresAt ?? 0) <= now;

  for await (const token of store.tokens({ pageSize })) {
    result.scanned++;
    if (isRefreshLease(token)) {
      if (expiredLeases && isExpiredLease(token)) await remove(store, token, 'expiredLease');
      continue;
    }
    if (cutoff !== undefined) {
      if (token.updatedAt === undefined) result.unknownAge++;
      else if (token.updatedAt < cutoff) {
        await remove(store, token, 'olderThan');
        continue;
      }
    }
    if (failed.get(token.id) === token.version) await remove(store, token, 'refreshFailed');
  }

  if (leaseStore !== store && expiredLeases) {
    for await (const lease of leaseStore.tokens({ pageSize })) {
      result.scanned++;
      if (isRefreshLease(lease) && isExpiredLease(lease)) {
        await remove(leaseStore, lease, 'expiredLease');
      }
    }
  }
  return result;
}
