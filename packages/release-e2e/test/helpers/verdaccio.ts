import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '@tokenstore/test-servers';
import { childEnv } from './child-env.js';

/** A running Verdaccio: a real npm registry on loopback, holding only what was published to it. */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** The `.npmrc` line that gives npm a (fake) token for this registry. */
  readonly authLine: string;
  /** The last of its output, for error messages. */
  outputTail(): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 50;
const OUTPUT_LIMIT = 16 * 1024;

/**
 * The registry's configuration: anyone may read and publish `@tokenstore/*`; no uplinks, so
 * nothing else is served (installs take every other package from the user's own registry through
 * a scoped registry setting) and Verdaccio never contacts another host.
 */
function configYaml(dir: string): string {
  return [
    `storage: ${JSON.stringify(join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
    '    max_users: -1',
    'packages:',
    "  '@tokenstore/*':",
    '    access: $all',
    '    publish: $all',
    '    unpublish: $all',
    'web:',
    '  enable: false',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('verdaccio/package.json');
  } catch {
    throw new Error(
      'verdaccio is not installed: run `pnpm install` at the repository root (it is a root devDependency)',
    );
  }
  return join(dirname(manifest), 'bin', 'verdaccio');
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}-/ping`);
    return response.ok;
  } catch {
    return false;
  }
}

/** SIGTERM; SIGKILL after 2 s (it may wait on idle keep-alive connections; its data is throwaway). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts Verdaccio on a free 127.0.0.1 port with its storage and configuration in `dir`, and
 * resolves once it answers `/-/ping`. The process is SIGKILLed if the test process exits first.
 */
export async function startVerdaccio(dir: string): Promise<LocalRegistry> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, configYaml(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    process.execPath,
    [verdaccioBin(), '--config', configFile, '--listen', `127.0.0.1:${port}`],
    { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let output = '';
  const capture = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const registry: LocalRegistry = {
    url,
    authLine: `//127.0.0.1:${port}/:_authToken=release-e2e-fake-token`,
    outputTail: () => output.trim(),
    stop: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady(url))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await registry.stop();
      throw new Error(`verdaccio exited before it was ready (port ${port}):\n${output.trim()}`);
    }
    if (Date.now() > deadline) {
      await registry.stop();
      throw new Error(
        `verdaccio did not answer ${url}-/ping within ${READY_TIMEOUT_MS} ms:\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return registry;
}
