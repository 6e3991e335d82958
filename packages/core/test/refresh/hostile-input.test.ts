import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  type RefreshedToken,
  type StoredToken,
  TokenRefresher,
} from '../../src/index.js';
import { SharedStores, saveToken } from './stores.js';

/** About 24.8 days: Node.js fires a longer timer at once. */
const MAX_TIMER_MS = 2_147_483_647;

describe('TokenRefresher: hostile options and errors', () => {
  const refresh = async (): Promise<RefreshedToken> => ({
    accessToken: 'a',
    expiresAt: Date.now() + 3_600_000,
  });

  it('refuses timer durations a Node.js timer cannot wait (they would fire at once, in a loop)', () => {
    const store = new SharedStores().open();
    const month = 30 * 24 * 3_600_000;
    for (const name of ['leaseSweepIntervalMs', 'leaseMs', 'maxPollIntervalMs'] as const) {
      expect(() => new TokenRefresher(store, refresh, { [name]: month }), name).toThrow(RangeError);
      expect(
        () => void new TokenRefresher(store, refresh, { [name]: MAX_TIMER_MS }).close(),
        name,
      ).not.toThrow();
    }
    // Not a timer: a deadline that far off stays allowed.
    expect(() => new TokenRefresher(store, refresh, { waitTimeoutMs: month })).not.toThrow();
  });

  it('refuses a per-call minValidityMs that is not a duration, instead of refreshing on every call', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'r-1', 3_600_000);
    let calls = 0;
    const counting = async (): Promise<RefreshedToken> => {
      calls++;
      return refresh();
    };
    const refresher = new TokenRefresher(store, counting, { leaseSweepIntervalMs: 0 });
    for (const minValidityMs of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      await expect(refresher.getValidToken({ id: saved.id }, { minValidityMs })).rejects.toThrow(
        RangeError,
      );
    }
    expect(calls).toBe(0);
  });

  it('turns an error whose properties throw when read into a REFRESH_FAILED', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'r-1', 0);
    const hostile = async (_token: StoredToken): Promise<RefreshedToken> => {
      const error = new Error('token endpoint unreachable');
      for (const name of ['code', 'error', 'reason', 'permanent']) {
        Object.defineProperty(error, name, {
          get() {
            throw new Error(`getter ${name}`);
          },
        });
      }
      throw error;
    };
    const error = await new TokenRefresher(store, hostile, { leaseSweepIntervalMs: 0 })
      .getValidToken({ id: saved.id })
      .catch((e: unknown) => e);
    expect(isRefreshError(error, 'REFRESH_FAILED')).toBe(true);
    expect(error).toMatchObject({ permanent: false, reason: undefined });
  });

  it('turns a result whose fields throw when read into an INVALID_REFRESH_RESULT', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'r-1', 0);
    const hostile = async (): Promise<RefreshedToken> =>
      new Proxy({} as RefreshedToken, {
        get(_target, name) {
          if (name === 'then') return undefined; // resolves as an object, not a thenable
          throw new Error('a Proxy that throws');
        },
      });
    const error = await new TokenRefresher(store, hostile, { leaseSweepIntervalMs: 0 })
      .getValidToken({ id: saved.id })
      .catch((e: unknown) => e);
    expect(isRefreshError(error, 'INVALID_REFRESH_RESULT')).toBe(true);
    expect(await store.findTokenById(saved.id)).toEqual(saved);
  });
});
