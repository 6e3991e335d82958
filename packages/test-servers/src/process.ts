import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

/** How a server process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const OUTPUT_LIMIT = 16 * 1024;
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooked = false;

/** SIGKILLs every server this process started that is still running, and removes temp dirs. */
function killLeftovers(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * Makes sure no server outlives the test process: on 'exit', and on SIGINT/SIGTERM/SIGHUP when
 * nobody else handles them (then the signal is raised again so the process still dies of it).
 */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killLeftovers);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      killLeftovers();
      process.kill(process.pid, signal);
    });
  }
}

/** Registers a temp dir to be removed when the test process exits (if not removed before). */
export function trackTempDir(dir: string): void {
  hookExit();
  tempDirs.add(dir);
}

/** Removes a temp dir now and forgets it. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A server child process: its captured output, its exit, and ways to end it. */
export class ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  #child: ChildProcess;
  #stopSignal: NodeJS.Signals;
  #output = '';
  #exit: ProcessExit | undefined;

  /** `stopSignal`: what stop() sends first (PostgreSQL shuts down at once only on SIGINT). */
  constructor(
    name: string,
    command: string,
    args: readonly string[],
    cwd?: string,
    stopSignal: NodeJS.Signals = 'SIGTERM',
  ) {
    hookExit();
    this.name = name;
    this.#stopSignal = stopSignal;
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    live.add(child);
    const capture = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        capture(Buffer.from(`\n[spawn error] ${error.message}\n`));
        live.delete(child);
        this.#exit ??= { code: null, signal: null };
        resolve(this.#exit);
      });
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.#exit ??= { code, signal };
        resolve(this.#exit);
      });
    });
    this.pid = child.pid ?? -1;
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.#exit === undefined;
  }

  /** How it exited, once it has. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /** The last lines of its stdout and stderr, for error messages. */
  outputTail(lines = 40): string {
    return this.#output.split('\n').slice(-lines).join('\n').trim();
  }

  /** The stop signal (SIGTERM), then wait for the exit; SIGKILL if not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<ProcessExit> {
    if (!this.running) return this.exited;
    this.#child.kill(this.#stopSignal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const first = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (first === 'timeout') return this.kill();
    return first;
  }

  /** SIGKILL (a crash, as far as the server's clients can tell), then wait for the exit. */
  async kill(): Promise<ProcessExit> {
    if (this.running) this.#child.kill('SIGKILL');
    return this.exited;
  }
}
