import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { TokenStore } from '../store.js';
import { MAX_TIMER_MS } from './deadline.js';
import { isPermanentRefreshFailure } from './failure-classification.js';
import type { UnsavedRefresh } from './refresh-error.js';

/** Options of {@link TokenRefresher} and {@link getValidToken}. */
export interface TokenRefresherOptions {
  /** A token is refreshed once its access token has less than this left. Default 60 000 ms. */
  minValidityMs?: number;
  /**
   * How long one refresh may hold the lease before another process may take it over, in
   * milliseconds. Must exceed your longest refresh plus the clock skew between machines.
   * Default 30 000.
   */
  leaseMs?: number;
  /**
   * Where leases live. Every process refreshing the same tokens must use the same lease store.
   * Default: the token store itself, where lease records then show up in `getTokens()` (tell them
   * apart with `isRefreshLease`). A separate store (another table, prefix or collection on the
   * same backend) keeps the token store clean.
   */
  leaseStore?: TokenStore;
  /**
   * Whether a refresh failure is permanent (the refresh token is dead, the user must authorize
   * again). A permanent failure is remembered for the token version that failed, so no process
   * presents that refresh token again. Default: the error has `permanent: true`, or the OAuth
   * error code `invalid_grant` as `error`, `code` or `reason`.
   */
  isPermanent?: (error: unknown) => boolean;
  /**
   * How long a permanent failure is remembered (unless the token is saved again meanwhile, e.g.
   * after the user authorized again). 0: not at all. Default 300 000 ms.
   */
  permanentFailureTtlMs?: number;
  /**
   * Longest time one call waits for a valid token, even for a refresh function that never
   * settles (the refresh goes on, and its result is saved if it comes). Default 3 × `leaseMs`.
   */
  waitTimeoutMs?: number;
  /** First delay between looks at the store while another process refreshes. Default 50 ms. */
  pollIntervalMs?: number;
  /** Longest delay between such looks (the delay doubles up to it). Default 1 000 ms. */
  maxPollIntervalMs?: number;
  /** Names this refresher in the lease records it writes. Default: host, pid and random. */
  holderId?: string;
  /**
   * How often the refresher removes, in the background, the expired lease and failure records of
   * the tokens it was asked for (such as the lease of a process killed mid-refresh), in
   * milliseconds. Each sweep looks up at most 100 lease records, in turn, and removes only
   * records whose time is up and that nobody changed since. 0: never (run `prune` instead).
   * Default 300 000 (5 minutes). The timer never keeps the process alive; `close()` stops it.
   */
  leaseSweepIntervalMs?: number;
  /**
   * Called when a refresh worked but its result could not be saved (see {@link UnsavedRefresh}):
   * also for a refresh that finished after every caller stopped waiting for it, which no caller
   * hears of otherwise. The server may have rotated the refresh token, so keep `unsaved.fields`
   * (they hold secrets: never log them) and save them when the store is back. What it throws or
   * rejects with is ignored; the callers waiting get `SAVE_FAILED` either way.
   */
  onUnsavedRefresh?: (unsaved: UnsavedRefresh) => void | Promise<void>;
}

/** Options with every default applied. */
export interface ResolvedRefresherOptions {
  minValidityMs: number;
  leaseMs: number;
  leaseStore: TokenStore | undefined;
  isPermanent: (error: unknown) => boolean;
  permanentFailureTtlMs: number;
  waitTimeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  holderId: string;
  leaseSweepIntervalMs: number;
  onUnsavedRefresh: ((unsaved: UnsavedRefresh) => void | Promise<void>) | undefined;
}

let defaultHolderId: string | undefined;

/** This process's name in lease records: host, pid and a random part (pids get reused). */
function processHolderId(): string {
  defaultHolderId ??= `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  return defaultHolderId;
}

function duration(
  options: TokenRefresherOptions,
  name: keyof TokenRefresherOptions,
  fallback: number,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new RangeError(`TokenRefresher: ${name} must be a finite number of at least ${minimum}`);
  }
  if (value > maximum) {
    // A Node.js timer longer than this fires at once: the lease's abort, a poll or the sweep
    // would then run in a loop instead of waiting.
    throw new RangeError(`TokenRefresher: ${name} must be at most ${maximum} (about 24.8 days)`);
  }
  return value;
}

/** Applies the defaults and checks every option, throwing a RangeError or TypeError on bad ones. */
export function resolveRefresherOptions(
  options: TokenRefresherOptions = {},
): ResolvedRefresherOptions {
  const leaseMs = duration(options, 'leaseMs', 30_000, 1, MAX_TIMER_MS);
  const pollIntervalMs = duration(options, 'pollIntervalMs', 50, 1, MAX_TIMER_MS);
  if (options.isPermanent !== undefined && typeof options.isPermanent !== 'function') {
    throw new TypeError('TokenRefresher: isPermanent must be a function');
  }
  if (options.onUnsavedRefresh !== undefined && typeof options.onUnsavedRefresh !== 'function') {
    throw new TypeError('TokenRefresher: onUnsavedRefresh must be a function');
  }
  const holderId = options.holderId ?? processHolderId();
  if (typeof holderId !== 'string' || holderId === '') {
    throw new TypeError('TokenRefresher: holderId must be a non-empty string');
  }
  return {
    minValidityMs: duration(options, 'minValidityMs', 60_000, 0),
    leaseMs,
    leaseStore: options.leaseStore,
    isPermanent: options.isPermanent ?? isPermanentRefreshFailure,
    permanentFailureTtlMs: duration(options, 'permanentFailureTtlMs', 300_000, 0),
    waitTimeoutMs: duration(options, 'waitTimeoutMs', 3 * leaseMs, 1),
    pollIntervalMs,
    maxPollIntervalMs: duration(
      options,
      'maxPollIntervalMs',
      Math.max(1_000, pollIntervalMs),
      pollIntervalMs,
      MAX_TIMER_MS,
    ),
    holderId,
    leaseSweepIntervalMs: duration(options, 'leaseSweepIntervalMs', 300_000, 0, MAX_TIMER_MS),
    onUnsavedRefresh: options.onUnsavedRefresh,
  };
}
