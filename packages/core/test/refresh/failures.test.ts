import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  type RefreshError,
  type RefreshedToken,
  type StoredToken,
  TokenRefresher,
} from '../../src/index.js';
import { FakeAuthorizationServer, OAuthError } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

/** Settles every promise and returns what each rejected with (fails the test on a resolve). */
async function rejections(promises: Promise<unknown>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => {
    if (s.status === 'fulfilled') throw new Error('expected a rejection, got a token');
    return s.reason;
  });
}

describe('TokenRefresher: failed refreshes', () => {
  it('gives every waiter in the process the error of a transient failure, releases the lease, and lets a later call retry', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const outage = new Error('connect ECONNREFUSED 127.0.0.1:9');
    let failing = true;
    let calls = 0;
    const refresh = (token: StoredToken) => {
      calls++;
      return failing ? Promise.reject(outage) : server.refresh(token);
    };
    const refresher = new TokenRefresher(store, refresh);
    const errors = await rejections(
      Array.from({ length: 10 }, () => refresher.getValidToken({ userName: saved.userName })),
    );
    expect(calls).toBe(1);
    for (const error of errors) {
      expect(isRefreshError(error, 'REFRESH_FAILED')).toBe(true);
      expect(error).toMatchObject({ permanent: false, cause: outage });
    }
    expect(new Set(errors).size).toBe(1);
    expect(await store.getTokens()).toHaveLength(1); // no lease left behind

    // Another process may try at once, and succeeds.
    failing = false;
    const other = new TokenRefresher(stores.open(), refresh);
    const token = await other.getValidToken({ userName: saved.userName });
    expect(calls).toBe(2);
    expect(token.version).toBe(saved.version + 1);
  });

  it('remembers a permanent failure so no process presents the dead refresh token again, until the token is saved anew', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const saved = await saveToken(store, 'a-revoked-refresh-token', 0);
    let calls = 0;
    const dead = async (): Promise<RefreshedToken> => {
      calls++;
      throw new OAuthError('invalid_grant');
    };
    const first = await rejections(
      Array.from({ length: 5 }, () =>
        new TokenRefresher(store, dead).getValidToken({ userName: saved.userName }),
      ),
    );
    expect(calls).toBe(1);
    expect(first[0]).toMatchObject({
      code: 'REFRESH_FAILED',
      permanent: true,
      reason: 'invalid_grant',
    });
    expect((first[0] as RefreshError).cause).toBeInstanceOf(OAuthError);

    // Other processes, and later calls here, fail at once without calling refresh.
    const elsewhere = new TokenRefresher(stores.open(), dead);
    const again = await elsewhere
      .getValidToken({ userName: saved.userName })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({
      code: 'REFRESH_FAILED',
      permanent: true,
      reason: 'invalid_grant',
    });
    await expect(
      new TokenRefresher(store, dead).getValidToken({ userName: saved.userName }),
    ).rejects.toMatchObject({ permanent: true });
    expect(calls).toBe(1);

    // The user authorizes again: the new token is refreshed normally.
    const server = new FakeAuthorizationServer();
    await store.saveToken({ id: saved.id, refreshToken: server.currentRefreshToken });
    const token = await new TokenRefresher(stores.open(), server.refresh).getValidToken({
      userName: saved.userName,
    });
    expect(server.calls).toBe(1);
    expect(token.refreshToken).toBe(server.currentRefreshToken);
  });

  it('classifies failures with isPermanent, and forgets them with permanentFailureTtlMs 0', async () => {
    const stores = new SharedStores();
    const saved = await saveToken(stores.open(), 'refresh', 0);
    let calls = 0;
    const refresh = async (): Promise<RefreshedToken> => {
      calls++;
      throw Object.assign(new Error('bad client'), { code: 'invalid_client' });
    };
    const isPermanent = (error: unknown) => (error as { code?: unknown }).code === 'invalid_client';
    const query = { userName: saved.userName };

    // By default, invalid_client is transient.
    await expect(
      new TokenRefresher(stores.open(), refresh).getValidToken(query),
    ).rejects.toMatchObject({ permanent: false, reason: 'invalid_client' });
    expect(calls).toBe(1);

    // Permanent by isPermanent, but not remembered: the next process calls refresh again.
    await expect(
      new TokenRefresher(stores.open(), refresh, {
        isPermanent,
        permanentFailureTtlMs: 0,
      }).getValidToken(query),
    ).rejects.toMatchObject({ permanent: true, reason: 'invalid_client' });
    await expect(
      new TokenRefresher(stores.open(), refresh, { isPermanent }).getValidToken(query),
    ).rejects.toMatchObject({ permanent: true });
    expect(calls).toBe(3);

    // That one was remembered: whatever the next process's classifier, it does not call refresh.
    await expect(
      new TokenRefresher(stores.open(), refresh).getValidToken(query),
    ).rejects.toMatchObject({ permanent: true, reason: 'invalid_client' });
    expect(calls).toBe(3);
  });

  it('rejects a refresh result that is not a token with INVALID_REFRESH_RESULT and saves nothing', async () => {
    const store = new SharedStores().open();
    const saved = await saveToken(store, 'refresh', 0);
    const results: unknown[] = [
      undefined,
      { expiresAt: Date.now() + 60_000 },
      { accessToken: 'a', expiresAt: 1.5 },
      { accessToken: 'a', expiresAt: Date.now() - 1 },
      { accessToken: 'a', expiresAt: Date.now() + 60_000, refreshToken: 42 },
    ];
    for (const result of results) {
      const refresh = async () => result as RefreshedToken;
      const error = await new TokenRefresher(store, refresh)
        .getValidToken({ id: saved.id })
        .catch((e: unknown) => e);
      expect(isRefreshError(error, 'INVALID_REFRESH_RESULT'), inspect(result)).toBe(true);
    }
    expect(await store.getTokens()).toEqual([saved]);
  });

  it('never shows a token value in its messages or reasons, even when the cause holds one', async () => {
    const store = new SharedStores().open();
    const secret = 'refresh-SECRET-value';
    const saved = await saveToken(store, secret, 0);
    class HttpError extends Error {}
    const leaky = async (token: StoredToken): Promise<RefreshedToken> => {
      // As an HTTP client's error does: the request it sent, secrets and all.
      throw Object.assign(new HttpError('rejected'), {
        error: token.refreshToken,
        config: { data: `refresh_token=${token.refreshToken}&client_secret=${token.clientSecret}` },
      });
    };
    const error = await new TokenRefresher(store, leaky)
      .getValidToken({ id: saved.id })
      .catch((e: unknown) => e);
    expect(isRefreshError(error)).toBe(true);
    expect((error as RefreshError).cause).toMatchObject({ error: secret }); // as thrown: yours
    const shown = `${String(error)} ${(error as RefreshError).reason}`;
    expect(shown).not.toContain('SECRET');
    expect(shown).not.toContain(saved.accessToken);
    // Logged as console.log and loggers built on util.inspect print it: the cause only by class.
    const printed = [
      inspect(error, { depth: 10 }),
      inspect(error, { depth: 10, showHidden: true }),
      format('%o', error),
    ];
    for (const text of printed) {
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('client-secret-value');
      expect(text).toContain('REFRESH_FAILED');
      expect(text).toContain('HttpError, not shown');
    }
  });

  it('rejects bad options with a RangeError or TypeError', () => {
    const store = new SharedStores().open();
    const refresh = async (): Promise<RefreshedToken> => ({ accessToken: 'a', expiresAt: 1 });
    expect(() => new TokenRefresher(store, refresh, { leaseMs: 0 })).toThrow(RangeError);
    expect(() => new TokenRefresher(store, refresh, { minValidityMs: -1 })).toThrow(RangeError);
    expect(() => new TokenRefresher(store, refresh, { waitTimeoutMs: Number.NaN })).toThrow(
      RangeError,
    );
    expect(
      () => new TokenRefresher(store, refresh, { pollIntervalMs: 100, maxPollIntervalMs: 10 }),
    ).toThrow(RangeError);
    expect(() => new TokenRefresher(store, refresh, { holderId: '' })).toThrow(TypeError);
    expect(() => new TokenRefresher(store, 'refresh' as never)).toThrow(TypeError);
  });
});
