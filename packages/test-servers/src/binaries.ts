import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How to get each server binary onto the machine, named in the error when one is missing. */
const INSTALL_HINTS: Record<string, string> = {
  'redis-server': 'run scripts/install-test-servers (it apt-get installs redis-server)',
  'redis-cli':
    'run scripts/install-test-servers (it apt-get installs redis-server, which brings redis-cli)',
  ferretdb:
    'run scripts/install-test-servers (it builds FerretDB v1.24.2 from tools/ferretdb into $TOKENSTORE_CACHE/bin)',
  moto_server:
    "run scripts/install-test-servers (it pip installs 'moto[server]' into $TOKENSTORE_CACHE/moto-venv)",
  postgres: 'run scripts/install-test-servers (it apt-get installs postgresql)',
  initdb: 'run scripts/install-test-servers (it apt-get installs postgresql)',
  mariadbd: 'run scripts/install-test-servers (it apt-get installs mariadb-server)',
  'mariadb-install-db': 'run scripts/install-test-servers (it apt-get installs mariadb-server)',
};

/** The per-user cache that scripts/install-test-servers installs into. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENSTORE_CACHE || join(homedir(), '.cache', 'tokenstore');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of a server binary: `$TOKENSTORE_CACHE/bin/<name>` (default
 * `~/.cache/tokenstore/bin`) first, then each directory of `PATH`, then `moreDirs` (where a
 * package keeps binaries off PATH, such as Debian's /usr/lib/postgresql/15/bin).
 *
 * @throws Error naming the install command when the binary is nowhere to be found.
 */
export function findBinary(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  moreDirs: readonly string[] = [],
): string {
  const cacheBin = join(cacheDir(env), 'bin');
  const dirs = [
    cacheBin,
    ...(env.PATH ?? '').split(delimiter).filter((d) => d !== ''),
    ...moreDirs,
  ];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  const hint = INSTALL_HINTS[name] ?? 'run scripts/install-test-servers';
  const also = moreDirs.length > 0 ? ` or in ${moreDirs.join(', ')}` : '';
  throw new Error(`${name} not found in ${cacheBin} or on PATH${also}: ${hint}`);
}
