import { setTimeout as sleep } from 'node:timers/promises';
import {
  isRefreshError,
  isTokenStoreError,
  type StoredToken,
  TokenRefresher,
  type TokenStore,
} from '@tokenstore/core';
import type { Observation } from './fake-oauth-server.ts';
import { generationOf, OAuthError, refreshAt } from './oauth-client.ts';

/**
 * How callers get their token:
 * - `coordinated`: `TokenRefresher` (single-flight in the process, a lease across processes);
 * - `single-flight-only`: one refresh per process at a time, as in-process libraries do;
 * - `uncoordinated`: find, refresh when due, save: what hand-written code does.
 */
export type Mode = 'coordinated' | 'single-flight-only' | 'uncoordinated';

/** What every caller of one process does. Plain data: it crosses to workers as JSON. */
export interface CallerPlan {
  mode: Mode;
  /** Concurrent callers in the process. */
  callers: number;
  userName: string;
  tokenUrl: string;
  minValidityMs: number;
  leaseMs: number;
  /** A caller stops once it was handed an access token of this generation or later. */
  targetGeneration: number;
  /** Epoch ms by which every caller stops, whatever happened. */
  deadline: number;
  /** Each caller waits a random time in this range between two calls (its "work"). */
  paceMs: [number, number];
}

/** What one caller saw. */
export interface CallerReport {
  reachedTarget: boolean;
  calls: number;
  /** Failed calls by kind, e.g. `RefreshError:REFRESH_FAILED` or `OAuthError:invalid_grant`. */
  errors: Record<string, number>;
  observations: Observation[];
}

function isDue(token: StoredToken, minValidityMs: number): boolean {
  return token.accessToken === undefined || (token.expiresAt ?? 0) - Date.now() < minValidityMs;
}

/** The function every caller of a process calls for a token, for `plan.mode`. */
export function tokenGetter(
  plan: CallerPlan,
  store: TokenStore,
  leaseStore: TokenStore,
): () => Promise<StoredToken> {
  const refresh = (token: StoredToken, signal?: AbortSignal) =>
    refreshAt(plan.tokenUrl, token, signal);
  const findOrFail = async () => {
    const token = await store.findToken({ userName: plan.userName });
    if (token === null) throw new Error('the test token is missing');
    return token;
  };
  const refreshAndSave = async (token: StoredToken) =>
    store.saveToken({ id: token.id, ...(await refresh(token)) });

  switch (plan.mode) {
    case 'coordinated': {
      const refresher = new TokenRefresher(store, (token, { signal }) => refresh(token, signal), {
        leaseStore,
        minValidityMs: plan.minValidityMs,
        leaseMs: plan.leaseMs,
        pollIntervalMs: 10,
        maxPollIntervalMs: 100,
      });
      return () => refresher.getValidToken({ userName: plan.userName });
    }
    case 'single-flight-only': {
      const inFlight = new Map<string, Promise<StoredToken>>();
      return async () => {
        const token = await findOrFail();
        if (!isDue(token, plan.minValidityMs)) return token;
        let flight = inFlight.get(token.id);
        if (flight === undefined) {
          flight = refreshAndSave(token).finally(() => inFlight.delete(token.id));
          inFlight.set(token.id, flight);
        }
        return flight;
      };
    }
    case 'uncoordinated':
      return async () => {
        const token = await findOrFail();
        return isDue(token, plan.minValidityMs) ? refreshAndSave(token) : token;
      };
  }
}

function kindOf(error: unknown): string {
  if (isRefreshError(error)) return `RefreshError:${error.code}`;
  if (error instanceof OAuthError) return `OAuthError:${error.error}`;
  if (isTokenStoreError(error)) return `TokenStoreError:${error.code}`;
  return error instanceof Error ? error.name : typeof error;
}

/** True when no later call can succeed: the grant is dead. */
function isFinal(error: unknown): boolean {
  if (isRefreshError(error)) return error.permanent;
  return error instanceof OAuthError && error.error === 'invalid_grant';
}

async function runCaller(getToken: () => Promise<StoredToken>, plan: CallerPlan) {
  const report: CallerReport = { reachedTarget: false, calls: 0, errors: {}, observations: [] };
  const seen = new Map<string, Observation>();
  const [minPace, maxPace] = plan.paceMs;
  while (Date.now() < plan.deadline) {
    report.calls++;
    try {
      const token = await getToken();
      const at = Date.now();
      const accessToken = token.accessToken ?? '';
      const observation = seen.get(accessToken);
      if (observation === undefined)
        seen.set(accessToken, { accessToken, firstAt: at, lastAt: at });
      else observation.lastAt = at;
      if (generationOf(accessToken) >= plan.targetGeneration) {
        report.reachedTarget = true;
        break;
      }
    } catch (error) {
      const kind = kindOf(error);
      report.errors[kind] = (report.errors[kind] ?? 0) + 1;
      if (isFinal(error)) break;
    }
    await sleep(minPace + Math.random() * (maxPace - minPace));
  }
  report.observations = [...seen.values()];
  return report;
}

/** Runs `plan.callers` callers at once until each reaches the target, gives up, or the deadline. */
export function runCallers(
  getToken: () => Promise<StoredToken>,
  plan: CallerPlan,
): Promise<CallerReport[]> {
  return Promise.all(Array.from({ length: plan.callers }, () => runCaller(getToken, plan)));
}
