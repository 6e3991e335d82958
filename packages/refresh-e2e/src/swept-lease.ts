import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { REFRESH_LEASE_PREFIX, type StoredToken, TokenRefresher } from '@tokenstore/core';
import type { CallerPlan } from './callers.ts';
import { FakeOAuthServer } from './fake-oauth-server.ts';
import { refreshAt } from './oauth-client.ts';
import { freshNamespace } from './refresh-race.ts';
import { openStores, type StoreConfig } from './store-config.ts';
import { WorkerProcess } from './worker-process.ts';

/** What a refresher's background sweep did with a dead holder's lease and a live one. */
export interface SweptLeaseResult {
  sweepIntervalMs: number;
  /** The lease of the holder killed with SIGKILL, as it was at the kill. */
  deadLease: StoredToken | null;
  /** When the dead lease was first seen gone (epoch ms); it was looked at every 20 ms. */
  deadGoneAt: number;
  /** The live holder's lease when its refresh hung, and again after further sweeps. */
  liveBefore: StoredToken | null;
  liveAfter: StoredToken | null;
}

/** Seeded tokens live this long; holders want this much validity, so to them they are due. */
const SEED_LIFETIME_MS = 30_000;
const HOLDER_MIN_VALIDITY_MS = 45_000;

/**
 * Two tokens, both once asked for (while fresh) from a `TokenRefresher` in this process that
 * sweeps every `sweepIntervalMs`. Worker A takes the lease of the first for `leaseMs`, hangs in
 * the token request and is killed with SIGKILL; worker B takes the lease of the second for a
 * minute and hangs too. Nobody calls anything afterwards: the sweep alone must remove A's lease
 * once it expires, and must leave B's.
 */
export async function runSweptLease(
  backend: StoreConfig,
  leaseMs: number,
  sweepIntervalMs: number,
): Promise<SweptLeaseResult> {
  const server = await new FakeOAuthServer(60_000, 0).start();
  const namespace = freshNamespace();
  const stores = await openStores(backend, namespace, false);
  const workers: WorkerProcess[] = [];
  const sweeper = new TokenRefresher(
    stores.store,
    (token, { signal }) => refreshAt(server.tokenUrl, token, signal),
    { leaseStore: stores.leaseStore, minValidityMs: 1_000, leaseSweepIntervalMs: sweepIntervalMs },
  );
  try {
    const [dead, live] = [`dead-${randomUUID()}`, `live-${randomUUID()}`];
    const leaseName = async (userName: string) => {
      const grant = server.issue(SEED_LIFETIME_MS);
      await stores.store.saveToken({ userName, clientId: 'e2e-client', ...grant });
      const { id } = await sweeper.getValidToken({ userName }); // fresh: no refresh, no lease
      return { userName: REFRESH_LEASE_PREFIX + id };
    };
    const deadName = await leaseName(dead);
    const liveName = await leaseName(live);
    const setup = { config: backend, namespace, sameStore: false };
    const [killed, alive] = await Promise.all([
      WorkerProcess.start(setup),
      WorkerProcess.start(setup),
    ]);
    workers.push(killed!, alive!);
    const plan = (userName: string, ms: number): CallerPlan => ({
      mode: 'coordinated',
      callers: 1,
      userName,
      tokenUrl: server.tokenUrl,
      minValidityMs: HOLDER_MIN_VALIDITY_MS,
      leaseMs: ms,
      targetGeneration: 2,
      deadline: Date.now() + 60_000,
      paceMs: [10, 20],
    });
    server.hold();
    const killedRun = killed!.run(plan(dead, leaseMs), 60_000).catch(() => []);
    const aliveRun = alive!.run(plan(live, 60_000), 60_000).catch(() => []);
    await until('both holders hang in their refresh', () => server.heldRequests === 2, 20_000);
    const deadLease = await stores.leaseStore.findToken(deadName);
    const liveBefore = await stores.leaseStore.findToken(liveName);
    // Watched from now on, so that a slow kill on a loaded machine cannot make it look late.
    const swept = until(
      "the dead holder's lease is swept",
      async () => (await stores.leaseStore.findToken(deadName)) === null,
      leaseMs + 10 * sweepIntervalMs + 10_000,
    );
    swept.catch(() => {});
    await killed!.kill();
    await killedRun;
    const deadGoneAt = await swept;
    // Every sweep so far looked at the live lease too; one more interval for the sweep after.
    await sleep(sweepIntervalMs);
    const liveAfter = await stores.leaseStore.findToken(liveName);
    await sweeper.close();
    server.resume();
    await aliveRun;
    return { sweepIntervalMs, deadLease, deadGoneAt, liveBefore, liveAfter };
  } finally {
    await sweeper.close();
    server.resume();
    await Promise.all(workers.map((worker) => worker.stop()));
    await stores.close();
    await server.stop();
  }
}

/** Polls `check` every 20 ms until it holds; throws after `timeoutMs`. */
async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
  return Date.now();
}
