import { backoff } from '../backoff.js';
import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import { SECRET_FIELDS, type StoredToken, type TokenInput } from '../token.js';
import { traceRefresh } from '../tracing/trace-refresh.js';
import { normalizeToken } from '../validate.js';
import { beforeDeadline } from './deadline.js';
import { reasonOf } from './failure-classification.js';
import { isFresh, isGoodAfter, type Need } from './freshness.js';
import { LeaseSweeper } from './lease-sweeper.js';
import { isRefreshError, RefreshError, type UnsavedRefresh } from './refresh-error.js';
import { RefreshLeases } from './refresh-lease.js';
import { type RefreshFunction, refreshedFields, rotatedRefreshToken } from './refreshed-token.js';
import {
  type ResolvedRefresherOptions,
  resolveRefresherOptions,
  type TokenRefresherOptions,
} from './refresher-options.js';
import { singleFlight } from './single-flight.js';

/** Options of one {@link TokenRefresher.getValidToken} call. */
export interface GetValidTokenOptions {
  /** Overrides the refresher's `minValidityMs` for this call. */
  minValidityMs?: number;
  /**
   * An access token the API just rejected (HTTP 401): a stored token still holding it is
   * refreshed however long it claims to live; one that already holds another is returned.
   */
  rejectedAccessToken?: string;
}

/**
 * Stops the sweep of a refresher that was dropped without `close()` (say, one made per request):
 * the sweeper's timer holds the sweeper, never the refresher, so the refresher can be collected.
 */
const abandoned = new FinalizationRegistry<LeaseSweeper>((sweeper) => void sweeper.close());

/** How often a save of a refreshed token is tried when the store is unavailable or raced. */
const MAX_SAVE_ATTEMPTS = 5;

/**
 * The tokens this process saved from a refresh function's result, as handed to the callers that
 * waited for that refresh: what the server answers right now. A caller for whom such a token is
 * not good enough (the server handed out the same access token again, or one shorter-lived than
 * `minValidityMs`) must not refresh again at once: it would get the same answer, in a loop.
 */
const fromRefresh = new WeakSet<StoredToken>();

function timeout(waitTimeoutMs: number): RefreshError {
  return new RefreshError(
    'TIMEOUT',
    `no valid token within waitTimeoutMs (${waitTimeoutMs} ms): the refresh lease stayed taken`,
  );
}

/** The server answered a refresh with the very access token the API had rejected. */
function rejectedAgain(): RefreshError {
  return new RefreshError(
    'INVALID_REFRESH_RESULT',
    'refresh function: the token endpoint issued the rejected access token again (the refreshed token was saved)',
  );
}

function notFound(): RefreshError {
  return new RefreshError('TOKEN_NOT_FOUND', 'no stored token matches the query', {
    permanent: true,
  });
}

/**
 * Hands out tokens whose access token is valid for at least `minValidityMs`, refreshing them
 * with your `refresh` function when needed: at most once per token per expiry across every
 * process that shares the token store and the lease store. Within a process, concurrent callers
 * share one refresh; across processes a lease record in the lease store (built on the
 * `TokenStore` contract alone, so any conforming store works) lets one caller refresh while
 * the others wait for its result. See "Refresh coordination" in the package README.
 *
 * ```ts
 * const refresher = new TokenRefresher(store, async (token, { signal }) => {
 *   const answer = await callTokenEndpoint(token.refreshToken, signal);
 *   return { accessToken: answer.access_token, refreshToken: answer.refresh_token,
 *            expiresAt: Date.now() + answer.expires_in * 1000 };
 * });
 * const token = await refresher.getValidToken({ userName: 'ada@example.com' });
 * ```
 */
export class TokenRefresher {
  readonly #store: TokenStore;
  readonly #refresh: RefreshFunction;
  readonly #options: ResolvedRefresherOptions;
  readonly #leases: RefreshLeases;
  readonly #sweeper: LeaseSweeper;

  constructor(store: TokenStore, refresh: RefreshFunction, options: TokenRefresherOptions = {}) {
    if (typeof refresh !== 'function') {
      throw new TypeError('TokenRefresher: refresh must be a function');
    }
    this.#store = store;
    this.#refresh = refresh;
    this.#options = resolveRefresherOptions(options);
    const leaseStore = this.#options.leaseStore ?? store;
    this.#leases = new RefreshLeases(leaseStore, this.#options.holderId, this.#options.leaseMs);
    this.#sweeper = new LeaseSweeper(
      leaseStore,
      this.#options.leaseSweepIntervalMs,
      this.#options.holderId,
    );
    abandoned.register(this, this.#sweeper, this.#sweeper);
  }

  /**
   * Stops the background lease sweep (see `leaseSweepIntervalMs`) and waits for a sweep under
   * way. The stores stay open: they are the caller's. `getValidToken` keeps working, without
   * sweeping. Idempotent.
   */
  close(): Promise<void> {
    abandoned.unregister(this.#sweeper);
    return this.#sweeper.close();
  }

  /**
   * The token matching `query` (by `id` when it has one, else by the store's lookup rules), with
   * an access token valid for at least `minValidityMs`: the stored one, or a refreshed one saved
   * back (merged, with `expectedVersion`).
   *
   * @throws RefreshError `TOKEN_NOT_FOUND`, `REFRESH_FAILED` (see `permanent`),
   *   `INVALID_REFRESH_RESULT`, `TIMEOUT`, or `SAVE_FAILED` (the refresh worked, its save did not:
   *   see `unsaved`); a `TokenStoreError` when a store fails otherwise.
   */
  async getValidToken(query: TokenInput, options: GetValidTokenOptions = {}): Promise<StoredToken> {
    const minValidityMs = options.minValidityMs ?? this.#options.minValidityMs;
    if (typeof minValidityMs !== 'number' || !Number.isFinite(minValidityMs) || minValidityMs < 0) {
      throw new RangeError('getValidToken: minValidityMs must be a finite number of at least 0');
    }
    const need: Need = { minValidityMs, rejectedAccessToken: options.rejectedAccessToken };
    const deadline = Date.now() + this.#options.waitTimeoutMs;
    let token = await this.#find(query);
    for (;;) {
      if (isFresh(token, need, Date.now())) return token;
      const stale = token;
      // Each caller waits at most waitTimeoutMs, even for a refresh function that never settles.
      const result = await beforeDeadline(
        singleFlight(this.#store, stale.id, deadline, () =>
          this.#coordinate(stale, need, deadline),
        ),
        deadline,
        () => timeout(this.#options.waitTimeoutMs),
      );
      if (isGoodAfter(result, stale, need, Date.now())) return result;
      if (fromRefresh.has(result)) {
        // The server's answer of right now: refreshing again would get the same, in a loop.
        const rejected = need.rejectedAccessToken;
        if (rejected !== undefined && result.accessToken === rejected) throw rejectedAgain();
        if (result.expiresAt !== undefined && result.expiresAt > Date.now()) return result;
      }
      // The refresh this call joined served another caller's need (say, another rejected token).
      if (Date.now() >= deadline) throw timeout(this.#options.waitTimeoutMs);
      token = result;
    }
  }

  async #find(query: TokenInput): Promise<StoredToken> {
    const found =
      typeof query.id === 'string' && query.id !== ''
        ? await this.#store.findTokenById(query.id)
        : await this.#store.findToken(query);
    if (found === null) throw notFound();
    this.#sweeper.manage(found.id);
    return found;
  }

  async #findById(id: string): Promise<StoredToken> {
    const found = await this.#store.findTokenById(id);
    if (found === null) throw notFound();
    return found;
  }

  /** Gets `stale` refreshed, by this caller under the lease or by whoever holds it. */
  async #coordinate(stale: StoredToken, need: Need, deadline: number): Promise<StoredToken> {
    // Jittered, so that the pollers of many processes do not hit the store in step.
    const polls = {
      initialMs: this.#options.pollIntervalMs,
      maxMs: this.#options.maxPollIntervalMs,
    };
    let polled = 0;
    let current = stale;
    let reread = false;
    for (;;) {
      const attempt = await this.#leases.acquire(current.id, current.version, reread);
      // A failure of a newer version than we read: read the token again (below), then judge.
      reread = attempt.status === 'outdated';
      if (attempt.status === 'acquired') {
        const refreshed = await this.#refreshHolding(attempt.lease, stale, need);
        if (refreshed !== null) return refreshed;
      } else if (attempt.status === 'failed') {
        const because = attempt.reason === undefined ? '' : ` (${attempt.reason})`;
        throw new RefreshError(
          'REFRESH_FAILED',
          `a refresh of this token failed permanently elsewhere${because}: authorize again`,
          { permanent: true, reason: attempt.reason },
        );
      } else if (attempt.status !== 'outdated') {
        if (Date.now() >= deadline) throw timeout(this.#options.waitTimeoutMs);
        // Look again when the holder is likely done, and at the latest when its lease runs out.
        const until = attempt.status === 'held' ? Math.min(attempt.until, deadline) : deadline;
        await backoff(polled++, polls, until);
      }
      current = await this.#findById(stale.id);
      if (isGoodAfter(current, stale, need, Date.now())) return current;
      if (Date.now() >= deadline) throw timeout(this.#options.waitTimeoutMs);
    }
  }

  /**
   * Refreshes under the lease: null when another refresh won meanwhile (this one overran its
   * lease), so the caller reads the store again.
   */
  async #refreshHolding(
    lease: StoredToken,
    stale: StoredToken,
    need: Need,
  ): Promise<StoredToken | null> {
    let markedFailed = false;
    try {
      // Whoever held the lease before may have refreshed since this caller read the token.
      const latest = await this.#findById(stale.id);
      if (isGoodAfter(latest, stale, need, Date.now())) return latest;
      try {
        let result: unknown;
        const fields = await traceRefresh(latest.id, this.#options.holderId, async () => {
          result = await this.#callRefresh(latest, lease);
          return refreshedFields(result, Date.now());
        }).catch(async (error: unknown) => {
          if (isRefreshError(error, 'INVALID_REFRESH_RESULT')) {
            await this.#saveRotated(latest, result, lease);
          }
          throw error;
        });
        return await this.#saveRefreshed(latest, fields, lease);
      } catch (error) {
        const ttl = this.#options.permanentFailureTtlMs;
        if (isRefreshError(error, 'REFRESH_FAILED') && error.permanent && ttl > 0) {
          markedFailed = true;
          await this.#leases.markFailed(lease, latest.version, error.reason, ttl);
        }
        throw error;
      }
    } finally {
      if (!markedFailed) await this.#leases.release(lease);
    }
  }

  /**
   * Calls the refresh function with a copy of `token`: a function that writes the new tokens into
   * its argument changes nothing here (the save's conflict handling compares against `token`).
   */
  async #callRefresh(token: StoredToken, lease: StoredToken): Promise<unknown> {
    const leaseExpiresAt = lease.expiresAt ?? Date.now();
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new RefreshError('TIMEOUT', 'the refresh lease ran out')),
      Math.max(0, leaseExpiresAt - Date.now()),
    );
    try {
      return await this.#refresh({ ...token }, { signal: controller.signal, leaseExpiresAt });
    } catch (error) {
      throw this.#refreshFailure(error, token);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Saves the rotated refresh token of a result that is otherwise unusable (see
   * {@link rotatedRefreshToken}): the access token stays as it was (stale), and the next call
   * refreshes with the new refresh token. A failed save goes to `onUnsavedRefresh`; the caller
   * gets the result's own error.
   */
  async #saveRotated(used: StoredToken, result: unknown, lease: StoredToken): Promise<void> {
    const refreshToken = rotatedRefreshToken(result, used.refreshToken);
    if (refreshToken === undefined) return;
    await this.#saveRefreshed(used, { refreshToken }, lease, false).catch(ignore);
  }

  #refreshFailure(error: unknown, token: StoredToken): RefreshError {
    let permanent: boolean;
    try {
      permanent = this.#options.isPermanent(error) === true;
    } catch {
      permanent = false;
    }
    const secrets = SECRET_FIELDS.map((field) => token[field] ?? '');
    const reason = reasonOf(error, secrets);
    const because = reason === undefined ? '' : ` (${reason})`;
    return new RefreshError(
      'REFRESH_FAILED',
      permanent
        ? `refresh failed permanently${because}: authorize again`
        : `refresh failed${because}; a later call may succeed`,
      { permanent, reason, cause: error },
    );
  }

  /**
   * Saves the refreshed fields over `used` with compare-and-set on its version: the fence that
   * keeps a refresh that overran its lease from overwriting a newer one. On a conflict, a token
   * that still holds the refresh token we used was changed by an unrelated save: merge again. One
   * that holds another was refreshed by someone else: keep theirs (null).
   */
  async #saveRefreshed(
    used: StoredToken,
    fields: TokenInput,
    lease: StoredToken,
    refreshed = true,
  ): Promise<StoredToken | null> {
    let base = used;
    for (let attempt = 1; ; attempt++) {
      try {
        const saved = await this.#store.saveToken(
          { ...fields, id: base.id },
          { expectedVersion: base.version },
        );
        if (refreshed) fromRefresh.add(saved);
        return saved;
      } catch (error) {
        const conflict = isTokenStoreError(error, 'VERSION_CONFLICT');
        const unavailable =
          isTokenStoreError(error, 'STORE_UNAVAILABLE') && Date.now() < (lease.expiresAt ?? 0);
        if (attempt >= MAX_SAVE_ATTEMPTS || !(conflict || unavailable)) {
          throw this.#notSaved(error, base, fields);
        }
        try {
          if (unavailable) {
            await backoff(attempt, {
              initialMs: this.#options.pollIntervalMs,
              maxMs: this.#options.maxPollIntervalMs,
            });
          }
          const stored = await this.#findById(used.id);
          if (stored.refreshToken !== used.refreshToken) return null;
          base = stored;
        } catch (again) {
          // A token deleted meanwhile (say, the user logged out) has nothing left to keep.
          if (isRefreshError(again, 'TOKEN_NOT_FOUND')) throw again;
          throw this.#notSaved(again, base, fields);
        }
      }
    }
  }

  /**
   * The `SAVE_FAILED` error for refreshed `fields` that could not be saved over `base`, after
   * handing them to `onUnsavedRefresh` (not awaited: the callers' deadline stays theirs).
   */
  #notSaved(error: unknown, base: StoredToken, fields: TokenInput): RefreshError {
    const unsaved: UnsavedRefresh = Object.freeze({
      id: base.id,
      expectedVersion: base.version,
      fields: Object.freeze({ ...fields }),
      // The fields are the checked refresh result already: normalizing only drops what is absent.
      token: Object.freeze({ ...base, ...normalizeToken(fields), id: base.id }),
    });
    const hook = this.#options.onUnsavedRefresh;
    if (hook !== undefined) void Promise.resolve(unsaved).then(hook).catch(ignore);
    const code = isTokenStoreError(error) ? ` (${error.code})` : '';
    return new RefreshError(
      'SAVE_FAILED',
      `the token was refreshed but could not be saved${code}: error.unsaved holds the result, which may hold the only valid refresh token`,
      { cause: error, unsaved },
    );
  }
}

function ignore(): void {}
