import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debianPostgresBinDirs } from '@tokenstore/test-servers';

/** Where the numbers came from. */
export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly ramGiB: number;
  readonly node: string;
  readonly date: string;
  /** 1-minute load average when the report was made (other engineers' tests included). */
  readonly loadAverage: number;
  /** name → version of every store package, driver and server involved. */
  readonly versions: Readonly<Record<string, string>>;
}

const PACKAGES = [
  '@tokenstore/core',
  '@tokenstore/store-memory',
  '@tokenstore/store-sqlite',
  '@tokenstore/store-redis',
  '@tokenstore/store-mongo',
  '@tokenstore/store-secrets-manager',
  'better-sqlite3',
  'ioredis',
  'mongodb',
  '@aws-sdk/client-secrets-manager',
  '@tokenstore/store-postgres',
  '@tokenstore/store-mysql',
  'pg',
  'mysql2',
  'keyv',
  '@keyv/sqlite',
  '@keyv/redis',
  '@shopify/shopify-app-session-storage-sqlite',
  '@shopify/shopify-app-session-storage-redis',
];

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function packageVersion(name: string): string {
  try {
    const json = readFileSync(join(packageDir, 'node_modules', name, 'package.json'), 'utf8');
    return (JSON.parse(json) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The first line a server binary prints for `--version`, or why there is none. */
async function serverVersion(
  binary: string,
  args: string[] = ['--version'],
  moreDirs: string[] = [],
): Promise<string> {
  try {
    const { findBinary } = await import('@tokenstore/test-servers');
    const path = findBinary(binary, process.env, moreDirs);
    const out = execFileSync(path, args, { encoding: 'utf8', timeout: 10_000 });
    return out.split('\n')[0]?.trim() ?? '';
  } catch {
    return 'not installed';
  }
}

/** Cores, CPU, RAM, Node, package and server versions, and today's date. */
export async function describeMachine(): Promise<Machine> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) versions[name] = packageVersion(name);
  versions['redis-server'] = await serverVersion('redis-server');
  versions.ferretdb = await serverVersion('ferretdb', ['--version']);
  // Debian keeps these off PATH: postgres in /usr/lib/postgresql/N/bin, mariadbd in /usr/sbin.
  versions.postgres = await serverVersion('postgres', ['--version'], debianPostgresBinDirs());
  versions.mariadbd = await serverVersion('mariadbd', ['--version'], ['/usr/sbin']);
  return {
    cores: availableParallelism(),
    cpu: cpuModel(),
    ramGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    loadAverage: loadavg()[0] ?? Number.NaN,
    versions,
  };
}
