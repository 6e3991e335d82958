import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEADLINE_MS = 60_000;
const APP = fileURLToPath(new URL('../fixtures/sdk-app.ts', import.meta.url));

/** What one application process printed. */
export interface AppResult {
  readonly statuses: number[];
  readonly tokenId: string;
}

/**
 * Runs test/fixtures/sdk-app.ts in its own Node process (Node strips its types) and resolves
 * with what it printed. It imports the built @tokenstore/zoho, -store-sqlite and -store-redis:
 * build them first (`pnpm build`, which `pnpm test` runs).
 */
export function runApp(env: Record<string, string>): Promise<AppResult> {
  const child = spawn(process.execPath, ['--no-deprecation', APP], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sdk-app did not finish in ${DEADLINE_MS} ms; stderr: ${stderr}`));
    }, DEADLINE_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      if (code !== 0) {
        reject(new Error(`sdk-app exited with ${code}; stderr: ${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as AppResult);
      } catch {
        reject(new Error(`sdk-app printed no result: ${stdout}; stderr: ${stderr}`));
      }
    });
  });
}
