import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TokenStore } from '../store.js';
import type { TokenInput } from '../token.js';
import { freshNamespace } from './by-namespace.js';
import type { FromWorker, SaveOutcome, ToWorker } from './process-protocol.js';
import { loadFactory, type StoreFactory } from './store-factory.js';
import type { Capabilities, Capability, CaseResult, ConformanceResult } from './types.js';
import { unique } from './values.js';
import { workerFailure } from './worker-error.js';

/** Options of {@link runProcessConformance}. */
export interface ProcessConformanceOptions {
  /**
   * A module (path or file URL) whose default export is `(namespace) => TokenStore`: stores it
   * returns for the same namespace share data, across processes. Node imports it in each worker
   * process, so TypeScript must be erasable-only (Node 22.18+ strips types).
   */
  factory: string | URL;
  /** How many OS processes write at once (default 2). */
  processes?: number;
  /** How many concurrent saves each process makes per case (default 8). */
  savesPerProcess?: number;
  /** Environment of the worker processes, on top of this process's. */
  env?: Record<string, string>;
  /** What the backend lacks, as for runConformance. */
  capabilities?: Capabilities;
  /** Longest wait for a worker's answer, in milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Run only the cases whose name (the sentence after `processes › `) this accepts. */
  filter?: (caseName: string) => boolean;
}

interface ProcessCase {
  name: string;
  requires?: Capability[];
  run: (run: CaseRun) => Promise<void>;
}

interface CaseRun {
  /** This process's own store on the case's namespace. */
  store: TokenStore;
  processes: number;
  saves: number;
  /** Sends each process its inputs at the same moment; returns every outcome. */
  saveEverywhere: (
    inputs: (process: number) => TokenInput[],
    expectedVersion?: number,
  ) => Promise<SaveOutcome[]>;
}

class Worker {
  readonly #child: ChildProcess;
  readonly #timeoutMs: number;
  #exitError: Error | undefined;

  constructor(env: Record<string, string>, timeoutMs: number) {
    const script = fileURLToPath(new URL('./process-worker.js', import.meta.url));
    this.#child = fork(script, [], {
      env: { ...process.env, ...env },
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#timeoutMs = timeoutMs;
    this.#child.once('exit', (code, signal) => {
      this.#exitError = new Error(`worker exited (${signal ?? code})`);
    });
  }

  request(message: ToWorker): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (this.#exitError) return reject(this.#exitError);
      const timer = setTimeout(
        () => done(new Error(`worker did not answer ${message.type} in time`)),
        this.#timeoutMs,
      );
      const onMessage = (answer: FromWorker) => {
        if (answer.type === 'failed')
          done(workerFailure(`worker failed on ${message.type}`, answer.error));
        else done(undefined, answer);
      };
      const onExit = () => done(this.#exitError ?? new Error('worker exited'));
      const done = (error?: Error, answer?: FromWorker) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if (error) reject(error);
        else resolve(answer as FromWorker);
      };
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      this.#child.send(message);
    });
  }

  async stop(): Promise<void> {
    if (this.#exitError) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    try {
      this.#child.send({ type: 'close' } satisfies ToWorker);
    } catch {
      this.#child.kill('SIGKILL');
    }
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function succeeded(outcomes: SaveOutcome[]): Extract<SaveOutcome, { ok: true }>[] {
  return outcomes.filter((o): o is Extract<SaveOutcome, { ok: true }> => o.ok);
}

/** Every failed save must have `code`; otherwise fail with the worker's own error as cause. */
function assertOnlyCode(outcomes: SaveOutcome[], code: string, what: string): void {
  for (const outcome of outcomes) {
    if (!outcome.ok && outcome.code !== code) {
      const expected = code === 'none' ? 'but' : `expected ${code}, but`;
      throw workerFailure(`${what}: ${expected} a worker's save failed with`, outcome.error);
    }
  }
}

const processCases: ProcessCase[] = [
  {
    name: 'saves of distinct keys from several processes give one token each',
    run: async ({ store, processes, saves, saveEverywhere }) => {
      const outcomes = await saveEverywhere(() =>
        Array.from({ length: saves }, () => ({
          userName: unique('user'),
          accessToken: unique('a'),
        })),
      );
      assertOnlyCode(outcomes, 'none', 'every save resolves');
      assert.equal(
        new Set(succeeded(outcomes).map((o) => o.id)).size,
        processes * saves,
        'distinct ids',
      );
      assert.equal(
        (await store.getTokens()).length,
        processes * saves,
        'all visible to another process',
      );
    },
  },
  {
    name: 'inserts with expectedVersion 0 from several processes create exactly one token',
    run: async ({ store, saveEverywhere }) => {
      const userName = unique('user');
      const outcomes = await saveEverywhere(
        (p) => [
          { userName, accessToken: unique(`a${p}`) },
          { userName, accessToken: unique(`b${p}`) },
        ],
        0,
      );
      assert.equal(succeeded(outcomes).length, 1, 'exactly one insert wins');
      assertOnlyCode(outcomes, 'VERSION_CONFLICT', 'the others conflict');
      assert.equal((await store.getTokens()).length, 1, 'one token stored');
    },
  },
  {
    name: 'saves of one key from several processes leave one token whose version counts them all',
    requires: ['atomicConditionalWrites'],
    run: async ({ store, processes, saves, saveEverywhere }) => {
      const userName = unique('user');
      const outcomes = await saveEverywhere((p) =>
        Array.from({ length: saves }, (_, i) => ({
          userName,
          accessToken: unique(`a${p}`),
          expiresAt: i,
        })),
      );
      assertOnlyCode(outcomes, 'none', 'every save resolves');
      const total = processes * saves;
      assert.equal(new Set(succeeded(outcomes).map((o) => o.id)).size, 1, 'one id');
      assert.deepEqual(
        succeeded(outcomes)
          .map((o) => o.version)
          .sort((x, y) => x - y),
        Array.from({ length: total }, (_, i) => i + 1),
        'each save got its own version',
      );
      const all = await store.getTokens();
      assert.equal(all.length, 1, 'exactly one token stored');
      assert.equal(all[0]?.version, total, 'its version counts every save');
    },
  },
  {
    name: 'of saves with the same expectedVersion from several processes exactly one succeeds',
    requires: ['atomicConditionalWrites'],
    run: async ({ store, saveEverywhere }) => {
      const userName = unique('user');
      const saved = await store.saveToken({ userName, accessToken: unique('a') });
      const outcomes = await saveEverywhere(
        (p) => [
          { userName, expiresAt: p },
          { userName, expiresAt: p + 100 },
        ],
        1,
      );
      assert.equal(succeeded(outcomes).length, 1, 'exactly one wins');
      assertOnlyCode(outcomes, 'VERSION_CONFLICT', 'the others conflict');
      assert.equal((await store.findTokenById(saved.id))?.version, 2, 'one write happened');
    },
  },
];

async function runProcessCase(
  testCase: ProcessCase,
  factory: StoreFactory,
  options: ProcessConformanceOptions,
): Promise<void> {
  const processes = options.processes ?? 2;
  const saves = options.savesPerProcess ?? 8;
  // Letters, digits and `_`: a name every store accepts as a table, prefix or collection.
  const namespace = freshNamespace();
  const store = await factory(namespace);
  const workers = Array.from(
    { length: processes },
    () => new Worker(options.env ?? {}, options.timeoutMs ?? 60_000),
  );
  try {
    const factoryUrl = String(
      options.factory instanceof URL ? options.factory : new URL(options.factory, 'file:///'),
    );
    await Promise.all(
      workers.map((w) => w.request({ type: 'open', factory: factoryUrl, namespace })),
    );
    const saveEverywhere: CaseRun['saveEverywhere'] = async (inputs, expectedVersion) => {
      const answers = await Promise.all(
        workers.map((w, p) =>
          w.request({
            type: 'save',
            inputs: inputs(p),
            ...(expectedVersion === undefined ? {} : { expectedVersion }),
          }),
        ),
      );
      return answers.flatMap((a) => (a.type === 'saved' ? a.outcomes : []));
    };
    await testCase.run({ store, processes, saves, saveEverywhere });
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await store.close();
  }
}

/**
 * Runs the contract's concurrency cases with several OS processes writing one backend at once:
 * "from one process or many". Each process opens its own store from the factory module.
 */
export async function runProcessConformance(
  options: ProcessConformanceOptions,
): Promise<ConformanceResult> {
  const factory = await loadFactory(options.factory);
  const result: ConformanceResult = { passed: [], failed: [], skipped: [] };
  for (const testCase of processCases) {
    if (options.filter !== undefined && !options.filter(testCase.name)) continue;
    const identity: CaseResult = {
      name: `processes › ${testCase.name}`,
      group: 'processes',
      case: testCase.name,
    };
    const lacking = (testCase.requires ?? []).filter((c) => options.capabilities?.[c] === false);
    if (lacking.length > 0) {
      const reason = `the store declares it lacks ${lacking.join(', ')}`;
      result.skipped.push({ ...identity, reason });
      continue;
    }
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      await runProcessCase(testCase, factory, options);
      result.passed.push({ ...identity, durationMs: durationMs() });
    } catch (error) {
      result.failed.push({ ...identity, durationMs: durationMs(), error });
    }
  }
  return result;
}
