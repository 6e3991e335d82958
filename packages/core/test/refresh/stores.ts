import { randomUUID } from 'node:crypto';
import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import type { StoredToken, TokenStore } from '../../src/index.js';

/**
 * One shared memory database seen through a store object per simulated process: refresh
 * coordination shares in-flight refreshes per store object, so separate objects behave as
 * separate processes do (they meet only in the stores).
 */
export class SharedStores {
  readonly #database = new MemoryDatabase();
  readonly #namespace = randomUUID();

  /** A new store object on the shared tokens, as another process would open. */
  open(namespace = this.#namespace): TokenStore {
    return new MemoryTokenStore({ database: this.#database, namespace });
  }

  /** A new store object on a second namespace, for leases. */
  openLeases(): TokenStore {
    return this.open(`${this.#namespace}-leases`);
  }
}

/** Saves a token for `userName` holding `refreshToken`, expiring `expiresInMs` from now. */
export function saveToken(
  store: TokenStore,
  refreshToken: string,
  expiresInMs: number,
  userName = `user-${randomUUID()}`,
): Promise<StoredToken> {
  return store.saveToken({
    userName,
    clientId: 'client-1',
    clientSecret: 'client-secret-value',
    refreshToken,
    accessToken: `a-${randomUUID()}`,
    expiresAt: Date.now() + expiresInMs,
  });
}
