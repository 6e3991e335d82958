import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEADLINE_MS = 60_000;

/** How a child process ended. */
export interface ChildExit {
  code: number | null;
  stderr: string;
}

/**
 * Runs a TypeScript fixture in a child Node process (Node strips its types) and resolves when it
 * exits, with its exit code and stderr; SIGKILLs it and rejects after 60 s. A fixture that imports
 * a store by its package name gets the built package: build it first.
 */
export function runChild(fixture: URL, env: NodeJS.ProcessEnv): Promise<ChildExit> {
  const child = spawn(process.execPath, [fileURLToPath(fixture)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${fixture.pathname} did not finish in ${DEADLINE_MS} ms; stderr: ${stderr}`),
      );
    }, DEADLINE_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stderr });
    });
  });
}
