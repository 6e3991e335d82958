import { isTokenStoreError } from '../errors.js';
import { deleteUnchanged } from '../prune/delete-unchanged.js';
import type { TokenStore } from '../store.js';
import { publishLeaseEvent } from '../tracing/lease-events.js';
import { isRefreshLease, REFRESH_LEASE_PREFIX } from './refresh-lease.js';

/** Most lease records one sweep looks up; the others wait for the next sweeps, in turn. */
export const SWEEP_BATCH = 100;

/** Most token ids one sweeper remembers; past that, the longest remembered is forgotten. */
export const SWEEP_MEMORY = 10_000;

/**
 * Removes expired refresh leases and failure records of the tokens one refresher manages, in the
 * background: a record left by a refresher that died mid-refresh, or one whose release failed,
 * or a failure record past its time. Each sweep looks up the lease records of at most
 * {@link SWEEP_BATCH} tokens (point lookups, never a scan), in turn, and removes a record only
 * once its `expiresAt` has passed and only if it still has the version it was read at: a live
 * lease, a lease taken over meanwhile (a new record) or one just turned into a failure record is
 * left alone. The timer is unref'd (it never keeps a process alive) and sweeps never overlap.
 */
export class LeaseSweeper {
  readonly #leases: TokenStore;
  readonly #intervalMs: number;
  readonly #holderId: string;
  /** In insertion order, which is the order of the round: a swept id goes to the back. */
  readonly #tokenIds = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<unknown> | undefined;
  #closed = false;

  /** `intervalMs` 0: never sweeps. */
  constructor(leases: TokenStore, intervalMs: number, holderId: string) {
    this.#leases = leases;
    this.#intervalMs = intervalMs;
    this.#holderId = holderId;
  }

  /** Counts token `tokenId` among the swept ones, and starts the timer if it is not running. */
  manage(tokenId: string): void {
    if (this.#closed || this.#intervalMs === 0 || this.#tokenIds.has(tokenId)) return;
    this.#tokenIds.add(tokenId);
    if (this.#tokenIds.size > SWEEP_MEMORY) {
      const [oldest] = this.#tokenIds;
      if (oldest !== undefined) this.#tokenIds.delete(oldest);
    }
    this.#schedule();
  }

  /**
   * One sweep now: removes the expired lease and failure records of the next tokens in turn and
   * resolves with how many it removed. Rejects when the lease store fails.
   */
  async sweep(): Promise<number> {
    const batch = [...this.#tokenIds].slice(0, SWEEP_BATCH);
    let removed = 0;
    for (const tokenId of batch) {
      if (this.#closed) break;
      if (this.#tokenIds.delete(tokenId)) this.#tokenIds.add(tokenId);
      const record = await this.#leases.findToken({ userName: REFRESH_LEASE_PREFIX + tokenId });
      if (record === null || !isRefreshLease(record)) continue;
      // Judged as a taker-over judges it: no deadline counts as expired.
      if ((record.expiresAt ?? 0) > Date.now()) continue;
      if (await deleteUnchanged(this.#leases, record)) {
        removed++;
        publishLeaseEvent('swept', tokenId, this.#leases, this.#holderId);
      }
    }
    return removed;
  }

  /** Stops sweeping and waits for a sweep under way. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#running !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.sweep()
        .catch((error: unknown) => {
          // A closed store stays closed; any other failure is retried at the next sweep.
          if (isTokenStoreError(error, 'STORE_CLOSED')) this.#closed = true;
        })
        .finally(() => {
          this.#running = undefined;
          this.#schedule();
        });
    }, this.#intervalMs);
    this.#timer.unref?.();
  }
}
