import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  type StoredToken,
  type TokenInput,
  TokenRefresher,
  type TokenStore,
} from '../../src/index.js';
import { DelegatingStore } from '../delegating-store.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

/** A lease store whose first lookup waits until `open()`: a process paused after reading. */
class PausedLeases extends DelegatingStore {
  lookups = 0;
  #open: () => void = () => {};
  readonly #opened = new Promise<void>((resolve) => {
    this.#open = resolve;
  });

  constructor(inner: TokenStore) {
    super(inner);
  }

  open(): void {
    this.#open();
  }

  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    if (this.lookups++ === 0) await this.#opened;
    return super.findToken(query);
  }
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('TokenRefresher: a permanent failure recorded at a newer version than a caller read', () => {
  it('is not taken over by that caller: the dead refresh token is not presented again', async () => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    server.revoked = true; // the grant is dead: every refresh answers invalid_grant

    // Process B reads version 1 and pauses before it looks at the lease.
    const leases = new PausedLeases(stores.open());
    const late = new TokenRefresher(stores.open(), server.refresh, {
      leaseStore: leases,
      leaseSweepIntervalMs: 0,
    }).getValidToken({ id: saved.id });
    await until(() => leases.lookups === 1);

    // Meanwhile an unrelated save moves the token to version 2, and process A's refresh of it
    // fails for good: A records the failure of version 2.
    await stores.open().saveToken({ id: saved.id, apiDomain: 'https://api.example.com' });
    const first = await new TokenRefresher(stores.open(), server.refresh, {
      leaseSweepIntervalMs: 0,
    })
      .getValidToken({ id: saved.id })
      .catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'REFRESH_FAILED', permanent: true });
    expect(server.calls).toBe(1);

    leases.open();
    const error = await late.catch((e: unknown) => e);
    expect(isRefreshError(error, 'REFRESH_FAILED')).toBe(true);
    expect(error).toMatchObject({ permanent: true, reason: 'invalid_grant' });
    expect(server.calls).toBe(1);
  });

  it('is taken over once the token, read again, is older than the failure (deleted and saved anew under its id)', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, 'dead-refresh-token', 0);
    await store.saveToken({ id: saved.id, apiDomain: 'https://api.example.com' }); // version 2
    const failing = new TokenRefresher(store, server.refresh, { leaseSweepIntervalMs: 0 });
    await expect(failing.getValidToken({ id: saved.id })).rejects.toMatchObject({
      permanent: true,
    });
    // The user authorized again; the app deleted the token and saved the new one under its id.
    await store.deleteToken(saved.id);
    await store.saveToken({
      id: saved.id,
      userName: saved.userName,
      refreshToken: server.currentRefreshToken,
      expiresAt: 0,
    });
    const token = await new TokenRefresher(stores.open(), server.refresh, {
      leaseSweepIntervalMs: 0,
    }).getValidToken({ id: saved.id });
    expect(token.refreshToken).toBe(server.currentRefreshToken);
  });
});
