import { describe, expect, it } from 'vitest';
import { isRefreshError, type RefreshedToken, TokenRefresher } from '../../src/index.js';
import { SharedStores, saveToken } from './stores.js';

describe('TokenRefresher: a server that hands out the same access token again', () => {
  it('refreshes a rejected access token once, not in a loop, when the server issues it again', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'r-1', 3_600_000);
    let calls = 0;
    // Some servers answer a refresh with the access token they issued before while it is valid.
    const sameToken = async (): Promise<RefreshedToken> => {
      calls++;
      return { accessToken: saved.accessToken ?? '', expiresAt: Date.now() + 3_600_000 };
    };
    const refresher = new TokenRefresher(store, sameToken, {
      waitTimeoutMs: 1_000,
      leaseSweepIntervalMs: 0,
    });
    const error = await refresher
      .getValidToken({ id: saved.id }, { rejectedAccessToken: saved.accessToken ?? '' })
      .catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(isRefreshError(error, 'INVALID_REFRESH_RESULT')).toBe(true);
    expect(String(error)).not.toContain(saved.accessToken);
    // The refresh itself was saved (its expiry, and a rotated refresh token if there was one).
    expect((await store.findTokenById(saved.id))?.version).toBe(saved.version + 1);
  });

  it('returns the same access token re-issued shorter-lived than minValidityMs after one refresh', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'r-1', 10_000);
    let calls = 0;
    const sameShortToken = async (): Promise<RefreshedToken> => {
      calls++;
      return { accessToken: saved.accessToken ?? '', expiresAt: Date.now() + 30_000 };
    };
    const refresher = new TokenRefresher(store, sameShortToken, {
      minValidityMs: 60_000,
      waitTimeoutMs: 1_000,
      leaseSweepIntervalMs: 0,
    });
    const token = await refresher.getValidToken({ id: saved.id });
    expect(calls).toBe(1);
    expect(token).toMatchObject({ accessToken: saved.accessToken, version: saved.version + 1 });
  });
});
