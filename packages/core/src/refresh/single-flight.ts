import type { TokenStore } from '../store.js';
import type { StoredToken } from '../token.js';

/**
 * The refreshes under way in this process, per store object and token id. Module-wide, so every
 * refresher (and every `getValidToken` call) on one store object shares them: within a process at
 * most one caller per token talks to the lease store and the OAuth server; the others await it.
 */
const flightsByStore = new WeakMap<TokenStore, Map<string, Promise<StoredToken>>>();

/** Joins the refresh of token `id` under way on `store`, or starts one with `start`. */
export function singleFlight(
  store: TokenStore,
  id: string,
  start: () => Promise<StoredToken>,
): Promise<StoredToken> {
  let flights = flightsByStore.get(store);
  if (flights === undefined) {
    flights = new Map();
    flightsByStore.set(store, flights);
  }
  const running = flights.get(id);
  if (running !== undefined) return running;
  const map = flights;
  // Removed before any awaiter resumes, so a caller that finds the result unsuitable starts anew.
  const flight = start().finally(() => map.delete(id));
  map.set(id, flight);
  return flight;
}
