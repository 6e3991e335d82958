import { describe, expect, it } from 'vitest';
import {
  isRefreshError,
  isRefreshLease,
  REFRESH_LEASE_PREFIX,
  type RefreshContext,
  type RefreshedToken,
  type StoredToken,
  type TokenInput,
  TokenRefresher,
  type TokenStore,
} from '../../src/index.js';
import { DelegatingStore } from '../delegating-store.js';
import { FakeAuthorizationServer } from './fake-authorization-server.js';
import { SharedStores, saveToken } from './stores.js';

/** A refresh that calls `server` only when the test says so: a holder stuck mid-refresh. */
function stuckRefresh(server: FakeAuthorizationServer) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = {
    calls: 0,
    signal: undefined as AbortSignal | undefined,
    release,
    refresh: async (token: StoredToken, context: RefreshContext): Promise<RefreshedToken> => {
      state.calls++;
      state.signal = context.signal;
      await released;
      return server.refresh(token);
    },
  };
  return state;
}

/** Polls `check` until it returns true, failing after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A store whose lookups wait until `open()`: a process paused between two steps. */
class GatedStore extends DelegatingStore {
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
    this.lookups++;
    await this.#opened;
    return super.findToken(query);
  }
}

describe('TokenRefresher: the refresh lease', () => {
  it('keeps its lease record in the token store by default, and in leaseStore when given', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(store, server.currentRefreshToken, 0);
    const seen: StoredToken[][] = [];
    const recording = async (token: StoredToken) => {
      seen.push(await store.getTokens(), await stores.openLeases().getTokens());
      return server.refresh(token);
    };
    await new TokenRefresher(store, recording).getValidToken({ id: saved.id });
    const [tokens, leases] = seen;
    expect(tokens?.filter(isRefreshLease).map((t) => t.userName)).toEqual([
      REFRESH_LEASE_PREFIX + saved.id,
    ]);
    expect(leases).toEqual([]);

    seen.length = 0;
    await store.saveToken({ id: saved.id, expiresAt: 0 });
    await new TokenRefresher(store, recording, { leaseStore: stores.openLeases() }).getValidToken({
      id: saved.id,
    });
    expect(seen[0]?.filter(isRefreshLease)).toEqual([]);
    expect(seen[1]?.map((t) => t.userName)).toEqual([REFRESH_LEASE_PREFIX + saved.id]);
    expect(await store.getTokens()).toHaveLength(1);
    expect(await stores.openLeases().getTokens()).toEqual([]);
  });

  it('is taken over when its holder is stuck past leaseMs; the stuck refresh, when it ends, does not overwrite the newer token', async () => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    const stuck = stuckRefresh(server);
    const options = { leaseMs: 200, pollIntervalMs: 5, maxPollIntervalMs: 20 };
    const first = new TokenRefresher(stores.open(), stuck.refresh, options).getValidToken({
      id: saved.id,
    });
    await until(() => stuck.calls === 1);

    const second = await new TokenRefresher(stores.open(), server.refresh, options).getValidToken({
      id: saved.id,
    });
    expect(server.calls).toBe(1);
    // The stuck holder is told its lease ran out.
    await until(() => stuck.signal?.aborted === true);
    expect(stuck.signal?.reason).toMatchObject({ code: 'TIMEOUT' });

    // The stuck refresh presents the refresh token the second one already used: the server
    // refuses it (a real one would revoke the family: see the README's limits). What matters
    // here is that the store keeps the second holder's token.
    stuck.release();
    await expect(first).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
    expect(await stores.open().findTokenById(saved.id)).toMatchObject({
      accessToken: second.accessToken,
      refreshToken: second.refreshToken,
    });
  });

  it('fences a holder that overran its lease by the token version: the newer refresh stays', async () => {
    const stores = new SharedStores();
    const saved = await saveToken(stores.open(), 'r-0', 0);
    let releaseSlow: () => void = () => {};
    const slowDone = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    let slowStarted = false;
    // Non-rotating server: both refreshes succeed, so only the fence decides what is stored.
    const slow = async (): Promise<RefreshedToken> => {
      slowStarted = true;
      await slowDone;
      return { accessToken: 'from-slow', refreshToken: 'r-slow', expiresAt: Date.now() + 60_000 };
    };
    const fast = async (): Promise<RefreshedToken> => ({
      accessToken: 'from-fast',
      refreshToken: 'r-fast',
      expiresAt: Date.now() + 120_000,
    });
    const options = {
      leaseMs: 100,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      minValidityMs: 1_000,
    };
    const late = new TokenRefresher(stores.open(), slow, options).getValidToken({ id: saved.id });
    await until(() => slowStarted);
    const won = await new TokenRefresher(stores.open(), fast, options).getValidToken({
      id: saved.id,
    });
    expect(won.accessToken).toBe('from-fast');
    releaseSlow();
    // The late holder's save conflicts; it returns the stored, newer token instead.
    expect((await late).accessToken).toBe('from-fast');
    expect(await stores.open().findTokenById(saved.id)).toMatchObject({
      accessToken: 'from-fast',
      refreshToken: 'r-fast',
      version: saved.version + 1,
    });
  });

  it('makes a waiter give up with TIMEOUT after waitTimeoutMs while another holder keeps the lease', async () => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    const stuck = stuckRefresh(server);
    const holder = new TokenRefresher(stores.open(), stuck.refresh, { leaseMs: 60_000 });
    const holding = holder.getValidToken({ id: saved.id });
    await until(() => stuck.calls === 1);

    const waiter = new TokenRefresher(stores.open(), server.refresh, {
      leaseMs: 60_000,
      waitTimeoutMs: 100,
      pollIntervalMs: 5,
    });
    const error = await waiter.getValidToken({ id: saved.id }).catch((e: unknown) => e);
    expect(isRefreshError(error, 'TIMEOUT')).toBe(true);
    expect(error).toMatchObject({ permanent: false });
    expect(server.calls).toBe(0);

    stuck.release();
    expect((await holding).version).toBe(saved.version + 1);
  });

  it('makes a process that gets the lease after another refreshed use that token, not refresh again', async () => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    // Process B has read the stale token and is paused before it looks at the lease.
    const leases = new GatedStore(stores.open());
    const late = new TokenRefresher(stores.open(), server.refresh, { leaseStore: leases });
    const lateToken = late.getValidToken({ id: saved.id });
    await until(() => leases.lookups === 1);
    // Meanwhile process A refreshes and releases the lease.
    const first = await new TokenRefresher(stores.open(), server.refresh).getValidToken({
      id: saved.id,
    });
    leases.open();
    expect(await lateToken).toEqual(first);
    expect(server.calls).toBe(1);
  });

  it('makes waiters in other processes reuse the holder’s token as soon as it is saved', async () => {
    const stores = new SharedStores();
    const server = new FakeAuthorizationServer();
    const saved = await saveToken(stores.open(), server.currentRefreshToken, 0);
    const stuck = stuckRefresh(server);
    const options = { pollIntervalMs: 5, maxPollIntervalMs: 20 };
    const holding = new TokenRefresher(stores.open(), stuck.refresh, options).getValidToken({
      id: saved.id,
    });
    await until(() => stuck.calls === 1);
    const waiters = Array.from({ length: 3 }, () =>
      new TokenRefresher(stores.open(), stuck.refresh, options).getValidToken({ id: saved.id }),
    );
    stuck.release();
    const tokens = await Promise.all([holding, ...waiters]);
    expect(stuck.calls).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  });
});
