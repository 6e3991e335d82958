import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { REFRESH_LEASE_PREFIX, type StoredToken } from '@tokenstore/core';
import type { CallerPlan, CallerReport } from './callers.ts';
import { FakeOAuthServer, type RefreshLogEntry } from './fake-oauth-server.ts';
import { freshNamespace, seedExpiredToken } from './refresh-race.ts';
import { openStores, type StoreConfig } from './store-config.ts';
import { WorkerProcess } from './worker-process.ts';

/** What happened when a lease holder was killed mid-refresh and another process took over. */
export interface KilledHolderResult {
  /** The lease record as it was when the holder was killed. */
  leaseAtKill: StoredToken | null;
  /** The lease record after the survivor finished (null: released). */
  leaseAfter: StoredToken | null;
  /** The survivor's one caller. */
  survivor: CallerReport;
  log: RefreshLogEntry[];
  /** Held refresh requests whose client died before they were handled. */
  abandoned: number;
  reuses: number;
  problems: string[];
}

/** Polls `check` every few ms until it holds; throws after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/**
 * Process A takes the refresh lease and hangs in the token request (the fake server holds it);
 * process B asks for the same token and waits; A is killed with SIGKILL. B must take the lease
 * over once it expires and complete the refresh: one refresh in all, no reuse.
 */
export async function runKilledHolder(
  backend: StoreConfig,
  leaseMs: number,
): Promise<KilledHolderResult> {
  const server = await new FakeOAuthServer(60_000, 0).start();
  const namespace = freshNamespace();
  const stores = await openStores(backend, namespace, false);
  const workers: WorkerProcess[] = [];
  try {
    const userName = `user-${randomUUID()}`;
    const tokenId = await seedExpiredToken(server, stores, userName);
    const setup = { config: backend, namespace, sameStore: false };
    const [holder, survivor] = await Promise.all([
      WorkerProcess.start(setup),
      WorkerProcess.start(setup),
    ]);
    workers.push(holder!, survivor!);
    const plan: CallerPlan = {
      mode: 'coordinated',
      callers: 1,
      userName,
      tokenUrl: server.tokenUrl,
      minValidityMs: 1_000,
      leaseMs,
      targetGeneration: 2,
      deadline: Date.now() + 60_000,
      paceMs: [10, 20],
    };
    server.hold();
    const killed = holder!.run(plan, 60_000).catch(() => []);
    await until('the holder hangs in its refresh', () => server.heldRequests === 1);
    const leaseName = { userName: REFRESH_LEASE_PREFIX + tokenId };
    const leaseAtKill = await stores.leaseStore.findToken(leaseName);
    const surviving = survivor!.run(plan, 60_000);
    await holder!.kill();
    await killed;
    await until('the server sees the holder gone', () => server.abandoned === 1);
    server.resume();
    const [report] = await surviving;
    return {
      leaseAtKill,
      leaseAfter: await stores.leaseStore.findToken(leaseName),
      survivor: report!,
      log: server.log,
      abandoned: server.abandoned,
      reuses: server.reuses,
      problems: server.problemsOf(report!.observations),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await stores.close();
    await server.stop();
  }
}
