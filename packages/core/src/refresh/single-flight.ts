import type { TokenStore } from '../store.js';
import type { StoredToken } from '../token.js';

interface Flight {
  readonly promise: Promise<StoredToken>;
  /** Past this (epoch milliseconds), callers start a new flight instead of joining this one. */
  readonly joinableUntil: number;
}

/**
 * The refreshes under way in this process, per store object and token id. Module-wide, so every
 * refresher (and every `getValidToken` call) on one store object shares them: within a process at
 * most one caller per token talks to the lease store and the OAuth server; the others await it.
 */
const flightsByStore = new WeakMap<TokenStore, Map<string, Flight>>();

/**
 * Joins the refresh of token `id` under way on `store`, or starts one with `start`. A flight is
 * joined only until `joinableUntil`, the deadline of the caller that started it: a flight still
 * running past it is stuck in the refresh function (everything else in it gives up at that
 * deadline), and its lease has run out. Later callers then start anew, as another process
 * would, instead of each waiting out its own timeout on a refresh that may never end.
 */
export function singleFlight(
  store: TokenStore,
  id: string,
  joinableUntil: number,
  start: () => Promise<StoredToken>,
): Promise<StoredToken> {
  let flights = flightsByStore.get(store);
  if (flights === undefined) {
    flights = new Map();
    flightsByStore.set(store, flights);
  }
  const running = flights.get(id);
  if (running !== undefined && Date.now() < running.joinableUntil) return running.promise;
  const map = flights;
  // Removed before any awaiter resumes, so a caller that finds the result unsuitable starts anew;
  // removed only if still this flight's entry (a stuck one may have been replaced).
  const promise = start().finally(() => {
    if (map.get(id) === flight) map.delete(id);
  });
  const flight: Flight = { promise, joinableUntil };
  map.set(id, flight);
  return promise;
}
