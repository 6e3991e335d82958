import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshNamespace } from './by-namespace.js';
import { type CaseRun, type ProcessCase, processCases } from './process-cases.js';
import type { FromWorker, ToWorker } from './process-protocol.js';
import { loadFactory, type StoreFactory } from './store-factory.js';
import type { Capabilities, CaseResult, ConformanceResult } from './types.js';
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
  /**
   * How many concurrent saves each process makes per case (default 8); in the cases that race
   * accessToken and the clientId pairs, about as many spread over the three keys (two at least).
   */
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

/**
 * How far ahead of sending the saves their start is set: every worker has the message by then
 * and starts at that moment, so that the processes race from one instant rather than from when
 * each was scheduled to read its message (tens of milliseconds apart on a loaded machine, longer
 * than the window a store leaves between a read and its write).
 */
const START_MARGIN_MS = 50;

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
      const startAt = Date.now() + START_MARGIN_MS;
      const answers = await Promise.all(
        workers.map((w, p) =>
          w.request({
            type: 'save',
            inputs: inputs(p),
            startAt,
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
 * "from one process or many". Each process opens its own store from the factory module. The
 * processes race saves of distinct keys, of one key of each kind (userName, accessToken and the
 * clientId + refreshToken and clientId + grantToken pairs), inserts of users sharing a unique
 * value, inserts with `expectedVersion: 0` and saves with one `expectedVersion`.
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
