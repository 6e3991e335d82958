import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  isTokenStoreError,
  type RefreshedToken,
  type SaveOptions,
  type StoredToken,
  type TokenInput,
  TokenRefresher,
  TokenStoreError,
  type UnsavedRefresh,
} from '../../src/index.js';
import { DelegatingStore } from '../delegating-store.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

/** A token store whose saves fail as a backend that went down does, while `down` is set. */
class FailingSaves extends DelegatingStore {
  down = false;
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    if (this.down) {
      return Promise.reject(new TokenStoreError('STORE_UNAVAILABLE', 'the backend is down'));
    }
    return super.saveToken(token, options);
  }
}

/** What a reader of logs would see of an error: its message, inspection and JSON. */
function printed(error: unknown): string {
  return [
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
  ].join('\n');
}

/**
 * A refresher's store, server and options, with leases kept apart (they stay writable while
 * saves fail); `onUnsavedRefresh` is `hook`, by default one that keeps what it hears in `heard`.
 */
function setUp(hook?: (unsaved: UnsavedRefresh) => void | Promise<void>) {
  const stores = new SharedStores();
  const store = new FailingSaves(stores.open());
  const server = new FakeAuthorizationServer();
  const heard: UnsavedRefresh[] = [];
  const options = {
    leaseStore: stores.openLeases(),
    leaseSweepIntervalMs: 0,
    pollIntervalMs: 2,
    maxPollIntervalMs: 5,
    onUnsavedRefresh:
      hook ??
      ((unsaved: UnsavedRefresh) => {
        heard.push(unsaved);
      }),
  };
  return { store, server, options, heard };
}

describe('TokenRefresher: a refresh whose save fails is handed back, never dropped', () => {
  it('rejects with SAVE_FAILED carrying the rotated refresh token, out of every printed form', async () => {
    const { store, server, options, heard } = setUp();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const refresh = async (token: StoredToken): Promise<RefreshedToken> => {
      const answer = await server.refresh(token);
      store.down = true; // the store goes down between the token endpoint's answer and the save
      return answer;
    };
    const refresher = new TokenRefresher(store, refresh, options);
    const error = await refresher.getValidToken({ id: saved.id }).catch((e: unknown) => e);

    expect(isRefreshError(error, 'SAVE_FAILED')).toBe(true);
    if (!isRefreshError(error, 'SAVE_FAILED')) return;
    expect(isTokenStoreError(error.cause, 'STORE_UNAVAILABLE')).toBe(true);
    const unsaved = error.unsaved;
    expect(unsaved).toMatchObject({
      id: saved.id,
      expectedVersion: saved.version,
      fields: { refreshToken: server.currentRefreshToken },
      token: { id: saved.id, userName: saved.userName, refreshToken: server.currentRefreshToken },
    });
    const accessToken = unsaved?.fields.accessToken;
    expect(typeof accessToken).toBe('string');
    expect(unsaved?.token.accessToken).toBe(accessToken);
    for (const secret of [server.currentRefreshToken, accessToken as string]) {
      expect(printed(error)).not.toContain(secret);
    }
    await Promise.resolve(); // the hook runs on the next turn
    expect(heard).toEqual([unsaved]);

    // Saved once the store is back, the next call uses it: no refresh, no reuse of a dead token.
    store.down = false;
    const { id, expectedVersion, fields } = unsaved as UnsavedRefresh;
    await store.saveToken({ id, ...fields }, { expectedVersion });
    const token = await refresher.getValidToken({ id: saved.id });
    expect(token.accessToken).toBe(accessToken);
    expect(server.calls).toBe(1);
    expect(server.reuses).toBe(0);
  });

  it('hands a refresh that ends after every caller stopped waiting to onUnsavedRefresh', async () => {
    let heard: (unsaved: UnsavedRefresh) => void = () => {};
    const hookCalled = new Promise<UnsavedRefresh>((resolve) => {
      heard = resolve;
    });
    const { store, server, options } = setUp((unsaved) => heard(unsaved));
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const refresh = async (token: StoredToken): Promise<RefreshedToken> => {
      await sleep(100);
      store.down = true;
      return server.refresh(token);
    };
    const refresher = new TokenRefresher(store, refresh, { ...options, waitTimeoutMs: 20 });
    const error = await refresher.getValidToken({ id: saved.id }).catch((e: unknown) => e);
    expect(isRefreshError(error, 'TIMEOUT')).toBe(true);

    const unsaved = await Promise.race([
      hookCalled,
      sleep(2_000).then(() => Promise.reject(new Error('onUnsavedRefresh was not called'))),
    ]);
    expect(unsaved.fields.refreshToken).toBe(server.currentRefreshToken);
    expect(unsaved.expectedVersion).toBe(saved.version);
  });

  it('hands over the rotated refresh token of an unusable result whose save fails', async () => {
    const { store, server, options, heard } = setUp();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const refresh = async (token: StoredToken): Promise<RefreshedToken> => {
      const answer = await server.refresh(token);
      store.down = true;
      return { ...answer, expiresAt: Math.floor(answer.expiresAt / 1000) }; // seconds: refused
    };
    const refresher = new TokenRefresher(store, refresh, options);
    const error = await refresher.getValidToken({ id: saved.id }).catch((e: unknown) => e);
    expect(isRefreshError(error, 'INVALID_REFRESH_RESULT')).toBe(true);
    await Promise.resolve();
    expect(heard).toHaveLength(1);
    expect(heard[0]?.fields).toEqual({ refreshToken: server.currentRefreshToken });
  });

  it('gives the caller SAVE_FAILED when the hook throws or rejects', async () => {
    for (const hook of [
      () => {
        throw new Error('the hook broke');
      },
      () => Promise.reject(new Error('the hook broke')),
    ]) {
      const { store, server, options } = setUp(hook);
      const saved = await saveToken(store, server.currentRefreshToken, 0);
      const refresh = async (token: StoredToken): Promise<RefreshedToken> => {
        store.down = true;
        return server.refresh(token);
      };
      const refresher = new TokenRefresher(store, refresh, options);
      const error = await refresher.getValidToken({ id: saved.id }).catch((e: unknown) => e);
      expect(isRefreshError(error, 'SAVE_FAILED')).toBe(true);
    }
  });

  it('refuses an onUnsavedRefresh that is not a function', () => {
    const { store } = setUp();
    const refresh = async (): Promise<RefreshedToken> => ({ accessToken: 'a', expiresAt: 1 });
    expect(
      () => new TokenRefresher(store, refresh, { onUnsavedRefresh: 'log it' as never }),
    ).toThrow(TypeError);
  });
});
