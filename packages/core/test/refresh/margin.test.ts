import { describe, expect, it } from 'vitest';
import { getValidToken, isRefreshError, TokenRefresher } from '../../src/index.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

describe('TokenRefresher: when a token is refreshed', () => {
  it('returns a token valid for at least minValidityMs as stored, without refreshing', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 120_000);
    const refresher = new TokenRefresher(store, server.refresh, { minValidityMs: 60_000 });
    expect(await refresher.getValidToken({ userName: saved.userName })).toEqual(saved);
    expect(server.calls).toBe(0);
  });

  it('refreshes a token with less than minValidityMs left and saves it merged, one version on', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 30_000);
    const refresher = new TokenRefresher(store, server.refresh, { minValidityMs: 60_000 });
    const token = await refresher.getValidToken({ userName: saved.userName });
    expect(server.calls).toBe(1);
    expect(token.accessToken).not.toBe(saved.accessToken);
    expect(token.refreshToken).toBe(server.currentRefreshToken);
    expect(token.expiresAt! - Date.now()).toBeGreaterThan(60_000);
    expect(token).toMatchObject({ id: saved.id, version: saved.version + 1, clientId: 'client-1' });
    expect(token.clientSecret).toBe(saved.clientSecret);
    expect(await store.findTokenById(saved.id)).toEqual(token);
  });

  it('refreshes an expired token, and one with no expiry or no access token', async () => {
    const store = new SharedStores().open();
    const shapes = [
      { accessToken: 'expired', expiresAt: Date.now() - 1_000 },
      { accessToken: 'no-expiry' },
      { expiresAt: Date.now() + 120_000 },
    ];
    for (const [index, fields] of shapes.entries()) {
      const server = new FakeAuthorizationServer();
      const userName = `user-${index}`;
      await store.saveToken({ userName, refreshToken: server.currentRefreshToken, ...fields });
      // Even with no margin at all.
      const refresher = new TokenRefresher(store, server.refresh, { minValidityMs: 0 });
      const token = await refresher.getValidToken({ userName });
      expect(server.calls, userName).toBe(1);
      expect(token.refreshToken).toBe(server.currentRefreshToken);
      expect(token.accessToken).toMatch(/^a-/);
    }
  });

  it('takes minValidityMs per call, and refreshes a rejected access token whatever its expiry', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 120_000);
    const refresher = new TokenRefresher(store, server.refresh, { minValidityMs: 60_000 });
    expect(
      await refresher.getValidToken({ userName: saved.userName }, { minValidityMs: 100_000 }),
    ).toEqual(saved);
    expect(server.calls).toBe(0);

    const refreshed = await refresher.getValidToken(
      { userName: saved.userName },
      { minValidityMs: 200_000 },
    );
    expect(server.calls).toBe(1);
    const again = await refresher.getValidToken(
      { userName: saved.userName },
      { rejectedAccessToken: refreshed.accessToken! },
    );
    expect(server.calls).toBe(2);
    expect(again.accessToken).not.toBe(refreshed.accessToken);
    // A caller still holding the old rejected token gets the new one, without another refresh.
    expect(
      await refresher.getValidToken(
        { userName: saved.userName },
        { rejectedAccessToken: refreshed.accessToken! },
      ),
    ).toEqual(again);
    expect(server.calls).toBe(2);
  });

  it('does not refresh in a loop when the server issues tokens shorter-lived than the margin', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer(5_000);
    const saved = await saveToken(store, server.currentRefreshToken, 1_000);
    const token = await getValidToken(store, { userName: saved.userName }, server.refresh, {
      minValidityMs: 60_000,
    });
    expect(server.calls).toBe(1);
    expect(token.expiresAt! - Date.now()).toBeLessThan(60_000);
  });

  it('finds the token by id when the query has one, and fails with TOKEN_NOT_FOUND when none matches', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 120_000);
    const refresher = new TokenRefresher(store, server.refresh);
    expect(await refresher.getValidToken({ id: saved.id })).toEqual(saved);
    const missing = await refresher.getValidToken({ userName: 'nobody' }).catch((e: unknown) => e);
    expect(isRefreshError(missing, 'TOKEN_NOT_FOUND')).toBe(true);
    expect(missing).toMatchObject({ permanent: true });
    await expect(refresher.getValidToken({ id: 'no-such-id' })).rejects.toMatchObject({
      code: 'TOKEN_NOT_FOUND',
    });
  });
});
