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
 * exits. Fixtures import `@tokenstore/store-mysql`, that is the built package: build it first
 * (`pnpm --filter @tokenstore/store-mysql build`).
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
