import { spawn } from 'node:child_process';
import { childEnv } from './child-env.js';

/** What a finished command printed. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  readonly cwd: string;
  /** Added to {@link childEnv}. */
  readonly env?: NodeJS.ProcessEnv;
  /** SIGKILL after this long. Default 4 minutes. */
  readonly timeoutMs?: number;
  /** Exit codes that count as success. Default `[0]`. */
  readonly okExitCodes?: readonly number[];
}

const TAIL_CHARS = 6_000;

/**
 * Runs a command to completion and returns its output. Rejects, with the command, its directory
 * and the tail of its output, when it exits with another code than `okExitCodes`, dies of a
 * signal or runs past the timeout.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandOutput> {
  const { cwd, timeoutMs = 240_000, okExitCodes = [0] } = options;
  const shown = `${command} ${args.join(' ')} (in ${cwd})`;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${shown} could not start: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== null && okExitCodes.includes(code)) {
        resolve({ stdout, stderr });
        return;
      }
      const why = timedOut
        ? `ran longer than ${timeoutMs} ms`
        : `exited with ${code ?? `signal ${signal}`}`;
      const tail = `${stdout}\n${stderr}`.trim().slice(-TAIL_CHARS);
      reject(new Error(`${shown} ${why}:\n${tail}`));
    });
  });
}
