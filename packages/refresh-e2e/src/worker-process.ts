import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CallerPlan, CallerReport } from './callers.ts';
import {
  type FromWorker,
  SETUP_VARIABLE,
  type ToWorker,
  type WorkerSetup,
} from './worker-protocol.ts';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A worker OS process (worker.ts) seen from the test. */
export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<string>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(`worker exited (${signal ?? code})`)),
    );
  }

  /** Forks a worker with its stores opened as `setup` says, and waits until it is ready. */
  static async start(setup: WorkerSetup, timeoutMs = 30_000): Promise<WorkerProcess> {
    const child = fork(WORKER, [], {
      env: { ...process.env, [SETUP_VARIABLE]: JSON.stringify(setup) },
      // Not vitest's loaders: the worker runs in plain Node on the built packages.
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new WorkerProcess(child);
    await worker.#next('ready', timeoutMs);
    return worker;
  }

  /** Runs the callers of `plan` in the worker; resolves with their reports. */
  async run(plan: CallerPlan, timeoutMs: number): Promise<CallerReport[]> {
    const answer = this.#next('report', timeoutMs);
    this.#child.send({ type: 'run', plan } satisfies ToWorker);
    return ((await answer) as Extract<FromWorker, { type: 'report' }>).callers;
  }

  /** Kills it with SIGKILL, as a crash would, and waits for the exit. */
  async kill(): Promise<void> {
    this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** Asks it to close its stores and exit; kills it if it does not within 10 s. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    try {
      this.#child.send({ type: 'close' } satisfies ToWorker);
    } catch {
      this.#child.kill('SIGKILL');
    }
    await this.#exited;
    clearTimeout(timer);
  }

  #next(type: FromWorker['type'], timeoutMs: number): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`worker sent no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: FromWorker) => {
        if (message.type === 'failed') finish(new Error(`worker failed: ${message.message}`));
        else if (message.type === type) finish(undefined, message);
      };
      const finish = (error?: Error, message?: FromWorker) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        if (error) reject(error);
        else resolve(message as FromWorker);
      };
      this.#child.on('message', onMessage);
      void this.#exited.then((why) => finish(new Error(why)));
    });
  }
}
