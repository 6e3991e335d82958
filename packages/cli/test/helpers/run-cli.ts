import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built binary: tests run what users run. `pnpm test` builds first. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What a run of the CLI did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kill the process after this long (it then counts as a failure). Default 120 s. */
  readonly timeoutMs?: number;
  /** Run this file instead of the built binary (a copy installed elsewhere). */
  readonly cli?: string;
}

function assertBuilt(cli: string): void {
  if (!existsSync(cli)) {
    throw new Error(
      `${cli} does not exist: build the CLI first (pnpm --filter @tokenstore/cli build, or pnpm test from the root)`,
    );
  }
}

/** Runs `node dist/cli.js ...args` to the end and collects its output. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const cli = options.cli ?? CLI;
  assertBuilt(cli);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Parses stdout as JSON, with the run's output in the error when it is not. */
export function jsonOf<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not JSON (exit ${run.code})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
    );
  }
}
