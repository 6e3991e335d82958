import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  REFRESH_LEASE_PREFIX,
  type RefreshedToken,
  type StoredToken,
  TokenRefresher,
  type TokenStore,
} from '../../src/index.js';
import { CONDITIONAL_DELETE } from '../../src/prune/conditional-delete.js';
import { DelegatingStore } from '../delegating-store.js';
import { SharedStores, saveToken } from './stores.js';

/**
 * A lease store on which, between the sweeper's read and its delete, the overrunning holder
 * turns its lease into a failure record (a new version, a new deadline): the race the
 * conditional delete is for. Marked as having a conditional delete, as a BackedTokenStore is.
 */
class RacedLeaseStore extends DelegatingStore {
  readonly [CONDITIONAL_DELETE] = true;
  raced = 0;

  override async deleteToken(id: string, options?: { expectedVersion?: number }): Promise<boolean> {
    if (options?.expectedVersion !== undefined && this.raced === 0) {
      this.raced++;
      await this.inner.saveToken(
        { id, expiresAt: Date.now() + HOUR, apiDomain: 'failed:1:invalid_grant' },
        { expectedVersion: options.expectedVersion },
      );
    }
    return (this.inner.deleteToken as (id: string, options?: object) => Promise<boolean>)(
      id,
      options,
    );
  }
}

const HOUR = 3_600_000;

/** A refresh that never ends: its holder is as good as dead, and never releases its lease. */
const hung = (): Promise<RefreshedToken> => new Promise(() => {});

/** The lease or failure record of `tokenId` in `leases`, or null. */
function leaseOf(leases: TokenStore, tokenId: string): Promise<StoredToken | null> {
  return leases.findToken({ userName: REFRESH_LEASE_PREFIX + tokenId });
}

/** Polls until `check` holds; fails after `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
  return Date.now();
}

/** The end of a hung holder's call: TIMEOUT, anything else is rethrown (and fails the run). */
function expectTimeout(error: unknown): void {
  if ((error as { code?: unknown }).code !== 'TIMEOUT') throw error;
}

/**
 * A token the sweeper was asked for while it was fresh, then a holder (another store object: a
 * process) that found it due, took its lease for `leaseMs` and hangs in the refresh.
 */
async function hungHolder(stores: SharedStores, sweeper: TokenRefresher, leaseMs: number) {
  const token = await saveToken(stores.open(), `r-${randomUUID()}`, HOUR);
  await sweeper.getValidToken({ id: token.id });
  const holder = new TokenRefresher(stores.open(), hung, {
    leaseMs,
    minValidityMs: 2 * HOUR, // due at once for the holder, fresh for the sweeper
    leaseStore: stores.openLeases(),
    leaseSweepIntervalMs: 0,
  });
  // The holder's refresh hangs, so its caller gives up with TIMEOUT after waitTimeoutMs; the
  // lease it took stays behind, which is what these tests sweep.
  void holder.getValidToken({ id: token.id }).catch(expectTimeout);
  const leases = stores.openLeases();
  await until(async () => (await leaseOf(leases, token.id)) !== null, 5_000);
  return { token, lease: (await leaseOf(leases, token.id)) as StoredToken };
}

describe('TokenRefresher: the background lease sweep', () => {
  it('removes the expired lease of a dead holder within one interval, never before it expires, and never a live lease', async () => {
    const stores = new SharedStores();
    const leases = stores.openLeases();
    const swept: unknown[] = [];
    const onLease = (message: unknown) => {
      if ((message as { event: string }).event === 'swept') swept.push(message);
    };
    subscribe('tokenstore:lease', onLease);
    const sweeper = new TokenRefresher(stores.open(), hung, {
      leaseStore: stores.openLeases(),
      leaseSweepIntervalMs: 50,
    });
    try {
      // The live one first: the dead one is watched from the moment it exists.
      const live = await hungHolder(stores, sweeper, 60_000);
      const dead = await hungHolder(stores, sweeper, 300);
      const goneAt = await until(
        async () => (await leaseOf(leases, dead.token.id)) === null,
        5_000,
      );
      expect(goneAt).toBeGreaterThanOrEqual(dead.lease.expiresAt ?? Number.POSITIVE_INFINITY);
      // One interval, and slack for timers on a loaded machine.
      expect(goneAt - (dead.lease.expiresAt ?? 0)).toBeLessThan(50 + 1_000);
      await sleep(200); // four more sweeps
      expect(await leaseOf(leases, live.token.id)).toEqual(live.lease);
      expect(swept).toEqual([expect.objectContaining({ tokenId: dead.token.id })]);
      // The user's tokens are never touched.
      expect(await stores.open().findTokenById(dead.token.id)).toEqual(dead.token);
    } finally {
      unsubscribe('tokenstore:lease', onLease);
      await sweeper.close();
    }
  });

  it('leaves an expired lease alone with leaseSweepIntervalMs 0, and after close()', async () => {
    const stores = new SharedStores();
    const leases = stores.openLeases();
    const off = new TokenRefresher(stores.open(), hung, {
      leaseStore: stores.openLeases(),
      leaseSweepIntervalMs: 0,
    });
    const closed = new TokenRefresher(stores.open(), hung, {
      leaseStore: stores.openLeases(),
      leaseSweepIntervalMs: 50,
    });
    const a = await hungHolder(stores, off, 100);
    const b = await hungHolder(stores, closed, 100);
    await closed.close();
    await sleep(300);
    expect(await leaseOf(leases, a.token.id)).toEqual(a.lease);
    expect(await leaseOf(leases, b.token.id)).toEqual(b.lease);
  });

  it('removes a permanent-failure record once permanentFailureTtlMs has passed, and not before', async () => {
    const stores = new SharedStores();
    const leases = stores.openLeases();
    const token = await saveToken(stores.open(), 'a-revoked-refresh-token', 0);
    const refresher = new TokenRefresher(
      stores.open(),
      () => Promise.reject(Object.assign(new Error('revoked'), { error: 'invalid_grant' })),
      { leaseStore: stores.openLeases(), permanentFailureTtlMs: 1_000, leaseSweepIntervalMs: 50 },
    );
    try {
      await expect(refresher.getValidToken({ id: token.id })).rejects.toMatchObject({
        code: 'REFRESH_FAILED',
        permanent: true,
      });
      const record = await leaseOf(leases, token.id);
      expect(record?.apiDomain).toMatch(/^failed:/);
      await sleep(150); // three sweeps, the record still in its time
      expect(await leaseOf(leases, token.id)).toEqual(record);
      const goneAt = await until(async () => (await leaseOf(leases, token.id)) === null, 5_000);
      expect(goneAt).toBeGreaterThanOrEqual(record?.expiresAt ?? Number.POSITIVE_INFINITY);
    } finally {
      await refresher.close();
    }
  });

  it('sweeps with leases in the token store itself, removing only lease records', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const token = await saveToken(store, `r-${randomUUID()}`, HOUR);
    const sweeper = new TokenRefresher(stores.open(), hung, { leaseSweepIntervalMs: 50 });
    try {
      await sweeper.getValidToken({ id: token.id });
      void new TokenRefresher(stores.open(), hung, {
        leaseMs: 100,
        minValidityMs: 2 * HOUR,
        leaseSweepIntervalMs: 0,
      })
        .getValidToken({ id: token.id })
        .catch(expectTimeout);
      await until(async () => (await leaseOf(store, token.id)) !== null, 5_000);
      await until(async () => (await leaseOf(store, token.id)) === null, 5_000);
      expect(await store.getTokens()).toEqual([token]);
    } finally {
      await sweeper.close();
    }
  });

  it('leaves a record changed between its read and its delete (the delete is conditional on the version)', async () => {
    const stores = new SharedStores();
    const raced = new RacedLeaseStore(stores.openLeases());
    const sweeper = new TokenRefresher(stores.open(), hung, {
      leaseStore: raced,
      leaseSweepIntervalMs: 50,
    });
    try {
      const { token } = await hungHolder(stores, sweeper, 100);
      await until(async () => raced.raced === 1, 5_000);
      await sleep(150);
      expect(await leaseOf(stores.openLeases(), token.id)).toMatchObject({
        apiDomain: 'failed:1:invalid_grant',
      });
    } finally {
      await sweeper.close();
    }
  });

  it('rejects a negative or non-finite leaseSweepIntervalMs', () => {
    const store = new SharedStores().open();
    for (const leaseSweepIntervalMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new TokenRefresher(store, hung, { leaseSweepIntervalMs })).toThrow(RangeError);
    }
  });
});
