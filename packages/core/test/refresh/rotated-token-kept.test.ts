import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  type RefreshedToken,
  type StoredToken,
  TokenRefresher,
} from '../../src/index.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

describe('TokenRefresher: a refresh token the server rotated is never dropped', () => {
  it('saves the rotated refresh token of a result refused as INVALID_REFRESH_RESULT (expiresAt in seconds)', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    let inSeconds = true;
    const refresh = async (token: StoredToken): Promise<RefreshedToken> => {
      const answer = await server.refresh(token);
      // The classic slip: expires_in or an epoch in seconds where milliseconds are due.
      return inSeconds ? { ...answer, expiresAt: Math.floor(answer.expiresAt / 1000) } : answer;
    };
    const refresher = new TokenRefresher(store, refresh, { leaseSweepIntervalMs: 0 });
    const error = await refresher.getValidToken({ id: saved.id }).catch((e: unknown) => e);
    expect(isRefreshError(error, 'INVALID_REFRESH_RESULT')).toBe(true);
    // The server has rotated: the stored refresh token must be the new one...
    expect((await store.findTokenById(saved.id))?.refreshToken).toBe(server.currentRefreshToken);

    // ...so that once the bug is fixed the next refresh works instead of revoking the grant.
    inSeconds = false;
    const token = await refresher.getValidToken({ id: saved.id });
    expect(token.refreshToken).toBe(server.currentRefreshToken);
    expect(server.calls).toBe(2);
    expect(server.reuses).toBe(0);
    expect(server.revoked).toBe(false);
  });

  it('keeps the rotated refresh token when the refresh function writes it into its argument and an unrelated save races the refresh', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const elsewhere = stores.open();
    let raced = false;
    const refresh = async (token: StoredToken): Promise<RefreshedToken> => {
      if (!raced) {
        raced = true;
        // Another part of the app updates an unrelated field meanwhile: the save will conflict.
        await elsewhere.saveToken({ id: saved.id, apiDomain: 'https://api.example.com' });
      }
      const answer = await server.refresh(token);
      // A common pattern: keep the token object up to date as well.
      if (answer.refreshToken !== undefined) token.refreshToken = answer.refreshToken;
      token.accessToken = answer.accessToken;
      return answer;
    };
    const refresher = new TokenRefresher(store, refresh, { leaseSweepIntervalMs: 0 });
    const token = await refresher.getValidToken({ id: saved.id });
    expect(server.calls).toBe(1);
    expect(server.reuses).toBe(0);
    expect(token).toMatchObject({
      refreshToken: server.currentRefreshToken,
      apiDomain: 'https://api.example.com',
    });
    expect((await store.findTokenById(saved.id))?.refreshToken).toBe(server.currentRefreshToken);
  });
});
