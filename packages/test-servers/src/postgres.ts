import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary } from './binaries.js';
import { copyTemplate, dataTemplate } from './data-template.js';
import { ENV_POSTGRES_URL, envUrl, loopbackHosts } from './external.js';
import { LOOPBACK } from './free-port.js';
import { ServerProcess, trackTempDir } from './process.js';
import { externalServer, type RestartableServer, startRestartable } from './restartable-server.js';
import { asUser, isRoot, lookupUser, type ServerUser } from './run-as.js';
import { READY_TIMEOUT_MS, waitUntilReady } from './wait.js';

const run = promisify(execFile);

/** Options of {@link startPostgres}. */
export interface PostgresOptions {
  /** Port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Extra server arguments, e.g. `['-c', 'max_connections=20']`. */
  readonly args?: readonly string[];
}

/** A PostgreSQL server on loopback; `url` names superuser `postgres` and database `postgres`. */
export type PostgresServer = RestartableServer;

/** Where Debian keeps each major version's server binaries (they are not on PATH), newest first. */
export function debianPostgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => `/usr/lib/postgresql/${version}/bin`);
  } catch {
    return [];
  }
}

/** `postgres` and the `initdb` of the same installation (a data dir is tied to one version). */
function binaries(): { postgres: string; initdb: string } {
  const postgres = realpathSync(findBinary('postgres', process.env, debianPostgresBinDirs()));
  const initdb = findBinary('initdb', { ...process.env, PATH: dirname(postgres) });
  return { postgres, initdb };
}

/** As root, the server runs as the `postgres` account that Debian's package creates. */
function serverUser(): ServerUser | undefined {
  if (!isRoot()) return undefined;
  const user = lookupUser('postgres');
  if (user === undefined) {
    throw new Error(
      "PostgreSQL refuses to run as root and there is no 'postgres' account to run it as: run scripts/install-test-servers (it apt-get installs postgresql, which creates the account)",
    );
  }
  return user;
}

/** A directory owned by the server's account (mkdtemp makes it mode 0700, root's as root). */
function ownedTempDir(prefix: string, user: ServerUser | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  return dir;
}

/** A fresh cluster made by initdb, in the template cache (initdb takes seconds; a copy does not). */
async function template(
  bin: { postgres: string; initdb: string },
  user: ServerUser | undefined,
): Promise<string> {
  const { stdout } = await run(bin.postgres, ['--version']);
  const version = /(\d+(?:\.\d+)*)/.exec(stdout)?.[1] ?? 'unknown';
  return dataTemplate(
    `postgres-${version}-u${user?.uid ?? process.getuid?.()}-v1`,
    async (scratch) => {
      // The cache may lie under root's home, which the postgres account cannot enter.
      const work = ownedTempDir('tokenstore-initdb-', user);
      try {
        const [command, args] = asUser(user, bin.initdb, [
          '--pgdata',
          join(work, 'data'),
          '--username=postgres',
          '--auth=trust',
          '--encoding=UTF8',
          '--no-locale',
          '--no-sync',
          '--no-instructions',
        ]);
        await run(command, args);
        await copyTemplate(join(work, 'data'), join(scratch, 'data'));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      return join(scratch, 'data');
    },
  );
}

/** The lines of postmaster.pid: pid, data dir, start time, port, socket dir, address, shm, status. */
function postmasterStatus(data: string): string[] {
  return readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n');
}

/** A SIGKILLed server's backends may hold its shared memory for a moment: then start again. */
const LEFTOVER = /pre-existing shared memory block|lock file "postmaster\.pid" already exists/;

async function spawnPostgres(
  bin: { postgres: string },
  user: ServerUser | undefined,
  data: string,
  port: number,
  extra: readonly string[],
): Promise<ServerProcess> {
  const [command, args] = asUser(user, bin.postgres, [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    `listen_addresses=${LOOPBACK}`,
    '-c',
    'unix_socket_directories=', // TCP only: Debian's default socket dir may not exist or be writable
    '-c',
    'shared_buffers=32MB',
    '-c',
    'logging_collector=off',
    ...extra,
  ]);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    // SIGINT is PostgreSQL's fast shutdown; its SIGTERM waits for every client to disconnect.
    const proc = new ServerProcess('postgres', command, args, undefined, 'SIGINT');
    try {
      await waitUntilReady(proc, `postgres on ${LOOPBACK}:${port}`, async () => {
        // pid first, "ready" last once it listens: never mistaken for another server on the port.
        const lines = postmasterStatus(data);
        return lines[0] === String(proc.pid) && lines[7]?.trim() === 'ready';
      });
      return proc;
    } catch (error) {
      const leftover = error instanceof Error && LEFTOVER.test(error.message);
      if (!leftover || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts PostgreSQL (Debian's `postgresql` package: `postgres` from PATH or
 * /usr/lib/postgresql/N/bin) on 127.0.0.1 on a free port, with a fresh cluster in a temp dir
 * (trust authentication, TCP only), and resolves once it is ready for connections. As root it
 * runs as the `postgres` account. When `POSTGRES_URL` is set (loopback only), resolves with a
 * handle to that server instead.
 *
 * @throws Error naming scripts/install-test-servers when PostgreSQL is not installed.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const external = envUrl(ENV_POSTGRES_URL);
  if (external !== undefined) {
    const [first] = loopbackHosts(external, 5432, ENV_POSTGRES_URL);
    return externalServer(
      external,
      first?.host ?? LOOPBACK,
      first?.port ?? 5432,
      'PostgreSQL',
      ENV_POSTGRES_URL,
    );
  }

  const bin = binaries();
  const user = serverUser();
  const cluster = await template(bin, user);
  const dir = ownedTempDir('tokenstore-postgres-', user);
  trackTempDir(dir);
  const data = join(dir, 'data');
  await copyTemplate(cluster, data);
  return startRestartable({
    dir,
    ownDir: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    url: (port) => `postgres://postgres@${LOOPBACK}:${port}/postgres`,
    spawn: (port) => spawnPostgres(bin, user, data, port, options.args ?? []),
  });
}
