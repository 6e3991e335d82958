import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { ENV_MONGODB_URL, envUrl, externalServerError, loopbackHosts } from './external.js';
import { freePort, LOOPBACK } from './free-port.js';
import { mongoCommand } from './mongo-wire.js';
import { removeTempDir, ServerProcess, trackTempDir } from './process.js';
import { waitUntilReady } from './wait.js';

/** A MongoDB wire-protocol server on loopback: FerretDB, or the server of MONGODB_URL. */
export interface MongoServer {
  /** `mongodb://127.0.0.1:PORT/` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** FerretDB's SQLite data directory; undefined for a server from MONGODB_URL. */
  readonly dir: string | undefined;
  /** True when it came from MONGODB_URL: stop() does nothing, restart() and kill() throw. */
  readonly external: boolean;
  /** SIGTERM and wait for the exit; removes the data dir. Idempotent. */
  stop(): Promise<void>;
  /** Stops (SIGTERM, or SIGKILL with `{ kill: true }`) and starts again on the same port and data. */
  restart(options?: { kill?: boolean }): Promise<void>;
  /** SIGKILL and wait for the exit, leaving the server down until restart(). */
  kill(): Promise<void>;
}

async function spawnFerretDB(port: number, dir: string): Promise<ServerProcess> {
  const proc = new ServerProcess('ferretdb', findBinary('ferretdb'), [
    `--listen-addr=${LOOPBACK}:${port}`,
    `--sqlite-url=file:${dir}/`,
  ]);
  // serverStatus names the pid, so a server that already held the port is never mistaken for it.
  await waitUntilReady(proc, `ferretdb on ${LOOPBACK}:${port}`, async () => {
    const status = await mongoCommand(LOOPBACK, port, 'admin', { serverStatus: 1 });
    return status.ok === 1 && status.pid === BigInt(proc.pid);
  });
  return proc;
}

function externalMongo(url: string): MongoServer {
  const [first] = loopbackHosts(url, 27017, ENV_MONGODB_URL);
  return {
    url,
    host: first?.host ?? LOOPBACK,
    port: first?.port ?? 27017,
    dir: undefined,
    external: true,
    stop: async () => {},
    restart: async () => {
      throw externalServerError('MongoDB', ENV_MONGODB_URL, 'restart');
    },
    kill: async () => {
      throw externalServerError('MongoDB', ENV_MONGODB_URL, 'kill');
    },
  };
}

/**
 * Starts FerretDB v1.24.2 (built by scripts/install-test-servers) on 127.0.0.1 on a free port,
 * with its SQLite data in a temp dir, and resolves once it answers `{ ping: 1 }` with ok: 1.
 * When `MONGODB_URL` is set (loopback hosts only), resolves with a handle to that server instead.
 *
 * @throws Error naming scripts/install-test-servers when the ferretdb binary is not installed.
 */
export async function startFerretDB(): Promise<MongoServer> {
  const external = envUrl(ENV_MONGODB_URL);
  if (external !== undefined) return externalMongo(external);

  const dir = mkdtempSync(join(tmpdir(), 'tokenstore-ferretdb-'));
  trackTempDir(dir);
  let port = await freePort();
  let proc: ServerProcess | undefined;
  for (let attempt = 1; proc === undefined; attempt++) {
    try {
      proc = await spawnFerretDB(port, dir);
    } catch (error) {
      const raced = error instanceof Error && /address already in use/i.test(error.message);
      if (!raced || attempt >= 3) {
        removeTempDir(dir);
        throw error;
      }
      port = await freePort();
    }
  }

  let current: ServerProcess | undefined = proc;
  let stopped = false;
  return {
    url: `mongodb://${LOOPBACK}:${port}/`,
    host: LOOPBACK,
    port,
    dir,
    external: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await current?.stop();
      current = undefined;
      removeTempDir(dir);
    },
    async restart(options = {}) {
      if (stopped) throw new Error('restart() after stop(): start a new server instead');
      if (current) await (options.kill ? current.kill() : current.stop());
      current = undefined;
      current = await spawnFerretDB(port, dir);
    },
    async kill() {
      if (stopped) return;
      await current?.kill();
      current = undefined;
    },
  };
}
