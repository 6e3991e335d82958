import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { findBinary } from './binaries.js';
import { ENV_SECRETS_MANAGER_URL, envUrl, loopbackHosts } from './external.js';
import { freePort, LOOPBACK } from './free-port.js';
import { ServerProcess } from './process.js';
import { waitUntilReady } from './wait.js';

/** An AWS emulator (moto_server) on loopback, or the endpoint of AWS_ENDPOINT_URL_SECRETS_MANAGER. */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`, for the SDK client's `endpoint`. */
  readonly endpoint: string;
  readonly region: 'us-east-1';
  /** Dummy credentials: moto accepts any. */
  readonly credentials: { readonly accessKeyId: 'test'; readonly secretAccessKey: 'test' };
  /** True when it came from AWS_ENDPOINT_URL_SECRETS_MANAGER: stop() does nothing. */
  readonly external: boolean;
  /** Drops all of moto's state (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** SIGTERM and wait for the exit. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link httpRequest}. */
export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs?: number;
}

/** Sends one HTTP request and resolves with its status and body (any status resolves). */
export function httpRequest(
  url: string,
  options: HttpRequestOptions = {},
): Promise<{ status: number; body: string }> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function handle(endpoint: string, external: boolean, stop: () => Promise<void>): MotoServer {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    external,
    async reset() {
      const { status, body } = await httpRequest(`${endpoint}/moto-api/reset`, {
        method: 'POST',
      });
      if (status < 200 || status >= 300) {
        throw new Error(
          `POST ${endpoint}/moto-api/reset answered ${status}: ${body.slice(0, 200)}`,
        );
      }
    },
    stop,
  };
}

/** moto_server handling one request at a time (see the file for moto's race it avoids). */
const SERIALISED_LAUNCHER = fileURLToPath(
  new URL('../moto/serialized_moto_server.py', import.meta.url),
);

/** The interpreter (and its arguments) that moto_server's console script names in its shebang. */
function pythonOf(motoServer: string): string[] {
  const first = readFileSync(motoServer, 'utf8').split('\n', 1)[0] ?? '';
  const command = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/) : [];
  if (command.length === 0) {
    throw new Error(`${motoServer} names no Python in a #! line: run scripts/install-test-servers`);
  }
  return command;
}

/**
 * Starts `moto_server` on 127.0.0.1 on a free port and resolves once it answers HTTP. When
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` is set (loopback only), resolves with a handle to it instead.
 *
 * @throws Error naming scripts/install-test-servers when moto_server is not installed.
 */
export async function startMoto(): Promise<MotoServer> {
  const external = envUrl(ENV_SECRETS_MANAGER_URL);
  if (external !== undefined) {
    loopbackHosts(external, 80, ENV_SECRETS_MANAGER_URL);
    return handle(external.replace(/\/+$/, ''), true, async () => {});
  }

  const [python, ...pythonArgs] = pythonOf(findBinary('moto_server'));
  let port = await freePort();
  let proc: ServerProcess | undefined;
  for (let attempt = 1; proc === undefined; attempt++) {
    const candidate = new ServerProcess('moto_server', python as string, [
      ...pythonArgs,
      SERIALISED_LAUNCHER,
      '-H',
      LOOPBACK,
      '-p',
      String(port),
    ]);
    try {
      await waitUntilReady(candidate, `moto_server on ${LOOPBACK}:${port}`, async () => {
        await httpRequest(`http://${LOOPBACK}:${port}/moto-api/`, { timeoutMs: 1_000 });
        return true;
      });
      proc = candidate;
    } catch (error) {
      const raced = error instanceof Error && /address already in use/i.test(error.message);
      if (!raced || attempt >= 3) throw error;
      port = await freePort();
    }
  }

  const running = proc;
  return handle(`http://${LOOPBACK}:${port}`, false, async () => {
    await running.stop();
  });
}
