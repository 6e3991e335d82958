import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary } from './binaries.js';
import { copyTemplate, dataTemplate } from './data-template.js';
import { ENV_MYSQL_URL, envUrl, loopbackHosts } from './external.js';
import { LOOPBACK } from './free-port.js';
import { ServerProcess, trackTempDir } from './process.js';
import { externalServer, type RestartableServer, startRestartable } from './restartable-server.js';
import { isRoot } from './run-as.js';
import { waitUntilReady } from './wait.js';

const run = promisify(execFile);

/** The database that every MariaDB started here has, named in its URL. */
export const MARIADB_DATABASE = 'tokenstore_test';

/** Options of {@link startMariaDb}. */
export interface MariaDbOptions {
  /** Port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Extra mariadbd options, e.g. `['--max-connections=20']`. */
  readonly args?: readonly string[];
}

/** A MariaDB server on loopback; `url` names `root` (no password) and {@link MARIADB_DATABASE}. */
export type MariaDbServer = RestartableServer;

/** Debian keeps mariadbd in /usr/sbin, which is not on every user's PATH. */
const SBIN = ['/usr/sbin', '/usr/libexec'];

/** As root, mariadbd starts only when told to run as root. */
function userOption(): string[] {
  return isRoot() ? ['--user=root'] : [];
}

/** The InnoDB redo log size for tests: Debian's default (96 MiB) makes every data dir large. */
const LOG_FILE_SIZE = '--innodb-log-file-size=8M';

/** A data dir made by mariadb-install-db, in the template cache (seconds to make, ms to copy). */
async function template(mariadbd: string): Promise<string> {
  const { stdout } = await run(mariadbd, ['--version']);
  const version = /Ver (\S+)/.exec(stdout)?.[1] ?? 'unknown';
  const installDb = findBinary('mariadb-install-db', process.env, SBIN);
  return dataTemplate(`mariadb-${version}-u${process.getuid?.()}-v1`, async (scratch) => {
    const data = join(scratch, 'data');
    await run(installDb, [
      '--no-defaults',
      `--datadir=${data}`,
      ...userOption(),
      // root@localhost and root@127.0.0.1 with no password instead of unix-socket auth.
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      LOG_FILE_SIZE,
    ]);
    return data;
  });
}

async function spawnMariaDb(
  mariadbd: string,
  dir: string,
  port: number,
  extra: readonly string[],
): Promise<ServerProcess> {
  const pidFile = join(dir, 'mariadbd.pid');
  const proc = new ServerProcess('mariadbd', mariadbd, [
    '--no-defaults', // must come first: no /etc/mysql config reaches the test server
    `--datadir=${join(dir, 'data')}`,
    `--port=${port}`,
    `--bind-address=${LOOPBACK}`,
    `--socket=${join(dir, 'mariadbd.sock')}`,
    `--pid-file=${pidFile}`,
    `--init-file=${join(dir, 'init.sql')}`,
    '--skip-name-resolve', // accounts match 127.0.0.1, and no DNS lookups
    '--innodb-buffer-pool-size=64M',
    LOG_FILE_SIZE,
    ...userOption(),
    ...extra,
  ]);
  // Ready once it logs so (after the bind) and its pid file names the process just spawned, so
  // a server that already held the port is never mistaken for it.
  await waitUntilReady(proc, `mariadbd on ${LOOPBACK}:${port}`, async () => {
    if (!proc.outputTail(10_000).includes('ready for connections')) return false;
    return readFileSync(pidFile, 'utf8').trim() === String(proc.pid);
  });
  return proc;
}

/**
 * Starts MariaDB (Debian's `mariadb-server` package: mariadbd) on 127.0.0.1 on a free port,
 * with a fresh data dir in a temp dir and a database {@link MARIADB_DATABASE}, and resolves once
 * it is ready for connections. When `MYSQL_URL` is set (loopback only: a MySQL 8 or MariaDB
 * server), resolves with a handle to that server instead.
 *
 * @throws Error naming scripts/install-test-servers when MariaDB is not installed.
 */
export async function startMariaDb(options: MariaDbOptions = {}): Promise<MariaDbServer> {
  const external = envUrl(ENV_MYSQL_URL);
  if (external !== undefined) {
    const [first] = loopbackHosts(external, 3306, ENV_MYSQL_URL);
    return externalServer(
      external,
      first?.host ?? LOOPBACK,
      first?.port ?? 3306,
      'MySQL',
      ENV_MYSQL_URL,
    );
  }

  const mariadbd = findBinary('mariadbd', process.env, SBIN);
  const data = await template(mariadbd);
  const dir = mkdtempSync(join(tmpdir(), 'tokenstore-mariadb-'));
  trackTempDir(dir);
  await copyTemplate(data, join(dir, 'data'));
  writeFileSync(join(dir, 'init.sql'), `CREATE DATABASE IF NOT EXISTS ${MARIADB_DATABASE};\n`);
  return startRestartable({
    dir,
    ownDir: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    url: (port) => `mysql://root@${LOOPBACK}:${port}/${MARIADB_DATABASE}`,
    spawn: (port) => spawnMariaDb(mariadbd, dir, port, options.args ?? []),
  });
}
