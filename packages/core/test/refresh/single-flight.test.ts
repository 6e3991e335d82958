import { describe, expect, it } from 'vitest';
import { getValidToken, TokenRefresher } from '../../src/index.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

describe('TokenRefresher: one refresh per expiry', () => {
  it('gives 25 concurrent callers in one process one refresh and the same token', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const refresher = new TokenRefresher(store, server.refresh);
    const tokens = await Promise.all(
      Array.from({ length: 25 }, () => refresher.getValidToken({ userName: saved.userName })),
    );
    expect(server.calls).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(tokens[0]?.version).toBe(saved.version + 1);
  });

  it('shares one refresh among getValidToken calls and refreshers on the same store object', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const query = { userName: saved.userName };
    const tokens = await Promise.all([
      ...Array.from({ length: 10 }, () => getValidToken(store, query, server.refresh)),
      ...Array.from({ length: 10 }, () =>
        new TokenRefresher(store, server.refresh).getValidToken(query),
      ),
    ]);
    expect(server.calls).toBe(1);
    expect(new Set(tokens.map((t) => t.version))).toEqual(new Set([saved.version + 1]));
  });

  it.each([
    ['in the token store', false],
    ['in a separate lease store', true],
  ])('gives 4 processes × 25 callers one refresh, with leases %s', async (_, separate) => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer(3_600_000, 20);
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    // Each simulated process has its own store objects: they meet only in the shared data.
    const processes = Array.from({ length: 4 }, () => {
      const store = stores.open();
      const leaseStore = separate ? stores.openLeases() : store;
      return new TokenRefresher(store, server.refresh, { leaseStore, pollIntervalMs: 5 });
    });
    const tokens = await Promise.all(
      processes.flatMap((refresher) =>
        Array.from({ length: 25 }, () => refresher.getValidToken({ userName: saved.userName })),
      ),
    );
    expect(server.calls).toBe(1);
    expect(server.reuses).toBe(0);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(await stores.open().getTokens()).toHaveLength(1); // the lease is gone
    expect(await stores.openLeases().getTokens()).toHaveLength(0);
  });

  it('refreshes once per expiry over several expiries', async () => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer(3_600_000, 10);
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    const processes = Array.from(
      { length: 3 },
      () => new TokenRefresher(stores.open(), server.refresh, { pollIntervalMs: 5 }),
    );
    for (let expiry = 1; expiry <= 3; expiry++) {
      const tokens = await Promise.all(
        processes.flatMap((refresher) =>
          Array.from({ length: 5 }, () => refresher.getValidToken({ userName: saved.userName })),
        ),
      );
      expect(server.calls).toBe(expiry);
      expect(new Set(tokens.map((t) => t.version))).toEqual(
        new Set([saved.version + 2 * expiry - 1]),
      );
      // Expire it again, as time would.
      await stores.open().saveToken({ id: saved.id, expiresAt: Date.now() });
    }
    expect(server.reuses).toBe(0);
  });
});
