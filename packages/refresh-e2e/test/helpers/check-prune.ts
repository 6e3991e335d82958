import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isRefreshLease,
  prune,
  REFRESH_LEASE_PREFIX,
  type StoredToken,
  TokenRefresher,
  type TokenStore,
} from '@tokenstore/core';
import { expect } from 'vitest';

const LEASE_MS = 400;

function token(name: string, expiresAt = Date.now() + 3_600_000) {
  return {
    userName: `${name}-${randomUUID()}`,
    clientId: 'client',
    clientSecret: `cs-${randomUUID()}`,
    refreshToken: `rt-${randomUUID()}`,
    accessToken: `at-${randomUUID()}`,
    expiresAt,
  };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

async function leaseOf(store: TokenStore, id: string): Promise<StoredToken | null> {
  return store.findToken({ userName: REFRESH_LEASE_PREFIX + id });
}

/**
 * On `store`: two tokens not saved since a cut-off, two saved after it, one whose refresh failed
 * permanently (its failure record in the store), and one whose refresher died holding the lease
 * (an in-process refresher whose refresh never returns: the lease stays until it expires).
 * `prune` must select exactly the two old tokens, the failed one and the dead lease; a dry run
 * must change nothing; a second run must find nothing.
 */
export async function checkPrune(store: TokenStore): Promise<void> {
  const oldA = await store.saveToken(token('old-a'));
  const oldB = await store.saveToken(token('old-b'));
  await sleep(30);
  const cutoff = Date.now();
  await sleep(30);
  const fresh = await store.saveToken(token('fresh'));
  const failedToken = await store.saveToken(token('failed', 1));
  const dying = await store.saveToken(token('dying', 1));

  const failing = new TokenRefresher(store, async () => {
    throw Object.assign(new Error('invalid_grant'), { error: 'invalid_grant' });
  });
  await expect(failing.getValidToken({ id: failedToken.id })).rejects.toMatchObject({
    code: 'REFRESH_FAILED',
    permanent: true,
  });
  // A refresher killed mid-refresh: its refresh never returns, its lease is never released.
  const dead = new TokenRefresher(store, () => new Promise<never>(() => {}), { leaseMs: LEASE_MS });
  void dead.getValidToken({ id: dying.id }).catch(() => {});
  await until(
    'the dying refresher holds its lease',
    async () => (await leaseOf(store, dying.id)) !== null,
  );
  const lease = await leaseOf(store, dying.id);
  await sleep(LEASE_MS + 50);

  const before = (await store.getTokens()).map((t) => t.id).sort();
  const policy = { olderThanMs: Date.now() - cutoff, refreshFailed: true };
  const expected = [
    [oldA.id, 'olderThan'],
    [oldB.id, 'olderThan'],
    [failedToken.id, 'refreshFailed'],
    [lease?.id, 'expiredLease'],
  ].sort();

  const preview = await prune(store, policy, { dryRun: true });
  expect(preview.removed.map((r) => [r.id, r.reason]).sort()).toEqual(expected);
  expect((await store.getTokens()).map((t) => t.id).sort()).toEqual(before);

  const done = await prune(store, { ...policy, olderThanMs: Date.now() - cutoff });
  expect(done.removed.map((r) => [r.id, r.reason]).sort()).toEqual(expected);
  expect(done.changed).toBe(0);
  const left = await store.getTokens();
  const removed = new Set(expected.map(([id]) => id));
  expect(left.map((t) => t.id).sort()).toEqual(before.filter((id) => !removed.has(id)));
  expect(left.some((t) => t.id === fresh.id)).toBe(true);
  expect(left.some((t) => t.id === dying.id)).toBe(true);
  // What is left of the refresh bookkeeping: the failure record, which has not expired yet.
  expect(left.filter(isRefreshLease).map((t) => t.userName)).toEqual([
    REFRESH_LEASE_PREFIX + failedToken.id,
  ]);

  const again = await prune(store, { ...policy, olderThanMs: Date.now() - cutoff });
  expect(again.removed).toEqual([]);
}
