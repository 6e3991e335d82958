import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { ENV_MONGODB_URL, envUrl, loopbackHosts } from './external.js';
import { LOOPBACK } from './free-port.js';
import { mongoCommand } from './mongo-wire.js';
import { ServerProcess, trackTempDir } from './process.js';
import { externalServer, type RestartableServer, startRestartable } from './restartable-server.js';
import { waitUntilReady } from './wait.js';

/** A MongoDB wire-protocol server on loopback: FerretDB, or the server of MONGODB_URL. */
export type MongoServer = RestartableServer;

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

/**
 * Starts FerretDB v1.24.2 (built by scripts/install-test-servers) on 127.0.0.1 on a free port,
 * with its SQLite data in a temp dir, and resolves once it answers `{ ping: 1 }` with ok: 1.
 * When `MONGODB_URL` is set (loopback hosts only), resolves with a handle to that server instead.
 *
 * @throws Error naming scripts/install-test-servers when the ferretdb binary is not installed.
 */
export async function startFerretDB(): Promise<MongoServer> {
  const external = envUrl(ENV_MONGODB_URL);
  if (external !== undefined) {
    const [first] = loopbackHosts(external, 27017, ENV_MONGODB_URL);
    return externalServer(
      external,
      first?.host ?? LOOPBACK,
      first?.port ?? 27017,
      'MongoDB',
      ENV_MONGODB_URL,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'tokenstore-ferretdb-'));
  trackTempDir(dir);
  return startRestartable({
    dir,
    ownDir: true,
    url: (port) => `mongodb://${LOOPBACK}:${port}/`,
    spawn: (port) => spawnFerretDB(port, dir),
  });
}
