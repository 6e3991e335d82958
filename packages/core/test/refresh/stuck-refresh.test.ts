import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  type RefreshedToken,
  type StoredToken,
  TokenRefresher,
} from '../../src/index.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

/** What `work` settled with within `ms`, or 'still pending' (the bug: a call that never ends). */
async function within(ms: number, work: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    work.then(
      (value) => value,
      (error: unknown) => error,
    ),
    sleep(ms).then(() => 'still pending'),
  ]);
}

describe('TokenRefresher: a refresh function that never settles', () => {
  it('fails each caller with TIMEOUT after waitTimeoutMs instead of hanging for ever', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'r-1', 0);
    // Ignores its signal: a hung HTTP request without a timeout.
    const hung = (): Promise<RefreshedToken> => new Promise(() => {});
    const refresher = new TokenRefresher(store, hung, {
      leaseMs: 100,
      waitTimeoutMs: 200,
      pollIntervalMs: 5,
      leaseSweepIntervalMs: 0,
    });
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => within(2_000, refresher.getValidToken({ id: saved.id }))),
    );
    for (const outcome of outcomes) expect(isRefreshError(outcome, 'TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('lets the process refresh again once the stuck refresh has outlived its lease and callers', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const hung = (): Promise<RefreshedToken> => new Promise(() => {});
    const options = {
      leaseMs: 100,
      waitTimeoutMs: 200,
      pollIntervalMs: 5,
      leaseSweepIntervalMs: 0,
    };
    const stuck = new TokenRefresher(store, hung, options);
    expect(isRefreshError(await within(2_000, stuck.getValidToken({ id: saved.id })))).toBe(true);

    // Same store object, so the same in-process flights: it must not join the stuck one for ever.
    const working = new TokenRefresher(store, server.refresh, options);
    const token = await within(2_000, working.getValidToken({ id: saved.id }));
    expect(token).toMatchObject({ id: saved.id, refreshToken: server.currentRefreshToken });
    expect(server.calls).toBe(1);
  });

  it('still saves a slow refresh that ends after its caller stopped waiting: the rotated refresh token is kept', async () => {
    const store = new SharedStores().open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const slow = async (token: StoredToken): Promise<RefreshedToken> => {
      await sleep(300);
      return server.refresh(token);
    };
    const refresher = new TokenRefresher(store, slow, {
      leaseMs: 5_000,
      waitTimeoutMs: 100,
      pollIntervalMs: 5,
      leaseSweepIntervalMs: 0,
    });
    const outcome = await within(2_000, refresher.getValidToken({ id: saved.id }));
    expect(isRefreshError(outcome, 'TIMEOUT')).toBe(true);
    await sleep(400);
    expect(server.calls).toBe(1);
    expect(await store.findTokenById(saved.id)).toMatchObject({
      refreshToken: server.currentRefreshToken,
      version: saved.version + 1,
    });
  });
});
