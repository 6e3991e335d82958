import { randomUUID } from 'node:crypto';
import {
  type CallerPlan,
  type CallerReport,
  type Mode,
  runCallers,
  tokenGetter,
} from './callers.ts';
import { FakeOAuthServer, type RefreshLogEntry } from './fake-oauth-server.ts';
import { MemoryProcesses } from './memory-stores.ts';
import { openStores, type StoreConfig, type Stores } from './store-config.ts';
import { WorkerProcess } from './worker-process.ts';

/** One run of many callers in several processes refreshing one token. */
export interface RaceOptions {
  /** The backend; `memory`: simulated processes in this one. */
  backend: StoreConfig | 'memory';
  mode: Mode;
  processes: number;
  callersPerProcess: number;
  /** Leases in the token store itself (the default) rather than a second namespace. */
  sameStore?: boolean;
  /** Access token lifetime. Default 1 500 ms. */
  lifetimeMs?: number;
  /** Refresh margin. Default 500 ms. */
  minValidityMs?: number;
  /** Refresh latency of the fake server. Default 30 ms. */
  latencyMs?: number;
  /** Callers stop once handed this generation (the seeded token is generation 1). Default 4. */
  targetGeneration?: number;
  /** Pause range of each caller between calls. Default [10, 30] ms. */
  paceMs?: [number, number];
  /** Longest run. Default 40 000 ms. */
  timeoutMs?: number;
}

/** What the fake OAuth server saw, and what each caller was handed. */
export interface RaceResult {
  log: RefreshLogEntry[];
  rotations: number;
  reuses: number;
  revokedFamilies: number;
  callers: CallerReport[];
  /** Problems with tokens callers were handed (expired, revoked, unknown); empty when none. */
  problems: string[];
  minValidityMs: number;
}

/** A fresh namespace: letters, digits and `_`, valid as a table, prefix or collection. */
export function freshNamespace(): string {
  return `e2e_${randomUUID().replaceAll('-', '')}`;
}

/** Saves a new grant for `userName` whose access token has already expired (generation 1). */
export async function seedExpiredToken(
  server: FakeOAuthServer,
  stores: Stores,
  userName: string,
): Promise<string> {
  const grant = server.issue(0);
  const saved = await stores.store.saveToken({ userName, clientId: 'e2e-client', ...grant });
  return saved.id;
}

/** The processes of a run: started (stores open), then told to run their callers. */
interface Participants {
  run(plan: CallerPlan): Promise<CallerReport[]>;
  stop(): Promise<void>;
}

/** Forks the worker processes and waits until each has its stores open. */
export async function startWorkers(
  backend: StoreConfig,
  processes: number,
  namespace: string,
  sameStore: boolean,
): Promise<Participants> {
  const started = await Promise.allSettled(
    Array.from({ length: processes }, () =>
      WorkerProcess.start({ config: backend, namespace, sameStore }),
    ),
  );
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  return {
    async run(plan) {
      const timeoutMs = plan.deadline - Date.now() + 10_000;
      const reports = await Promise.all(workers.map((worker) => worker.run(plan, timeoutMs)));
      return reports.flat();
    },
    stop,
  };
}

/** Simulated processes on the memory store: a store object each, callers in this process. */
function memoryParticipants(
  memory: MemoryProcesses,
  processes: number,
  namespace: string,
  sameStore: boolean,
): Participants {
  const opened = Array.from({ length: processes }, () => memory.open(namespace, sameStore));
  return {
    async run(plan) {
      const reports = await Promise.all(
        opened.map((stores) =>
          runCallers(tokenGetter(plan, stores.store, stores.leaseStore), plan),
        ),
      );
      return reports.flat();
    },
    async stop() {
      await Promise.all(opened.map((stores) => stores.close()));
    },
  };
}

/**
 * Seeds one expired token, then lets `processes` × `callersPerProcess` callers get it over and
 * over until each was handed generation `targetGeneration` (or the grant died), and reports what
 * the server saw and what the callers were handed.
 */
export async function runRefreshRace(options: RaceOptions): Promise<RaceResult> {
  const minValidityMs = options.minValidityMs ?? 500;
  const server = await new FakeOAuthServer(
    options.lifetimeMs ?? 1_500,
    options.latencyMs ?? 30,
  ).start();
  const namespace = freshNamespace();
  const sameStore = options.sameStore ?? false;
  const memory = new MemoryProcesses();
  const seeding =
    options.backend === 'memory'
      ? memory.open(namespace, sameStore)
      : await openStores(options.backend, namespace, sameStore);
  try {
    const userName = `user-${randomUUID()}`;
    await seedExpiredToken(server, seeding, userName);
    const plan: CallerPlan = {
      mode: options.mode,
      callers: options.callersPerProcess,
      userName,
      tokenUrl: server.tokenUrl,
      minValidityMs,
      leaseMs: 10_000,
      targetGeneration: options.targetGeneration ?? 4,
      deadline: 0,
      paceMs: options.paceMs ?? [10, 30],
    };
    const participants =
      options.backend === 'memory'
        ? memoryParticipants(memory, options.processes, namespace, sameStore)
        : await startWorkers(options.backend, options.processes, namespace, sameStore);
    let callers: CallerReport[];
    try {
      // The clock starts once every process is ready, so slow starts do not eat the time.
      plan.deadline = Date.now() + (options.timeoutMs ?? 40_000);
      callers = await participants.run(plan);
    } finally {
      await participants.stop();
    }
    return {
      log: server.log,
      rotations: server.rotations,
      reuses: server.reuses,
      revokedFamilies: server.revokedFamilies,
      callers,
      problems: server.problemsOf(callers.flatMap((c) => c.observations)),
      minValidityMs,
    };
  } finally {
    await seeding.close();
    await server.stop();
  }
}
