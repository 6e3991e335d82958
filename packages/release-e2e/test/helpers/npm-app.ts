import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type CommandOutput, runCommand } from './run-command.js';

/** Where an app's packages come from. */
export interface InstallSource {
  /** The registry for `@tokenstore/*` only; every other package comes from the user's default. */
  readonly tokenstoreRegistry: string;
  /** One npm cache shared by every install of the run. */
  readonly cacheDir: string;
}

/** A node in `npm ls --all --json`; an unmet optional peer shows up without a version. */
interface NpmLsNode {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, NpmLsNode>>;
}

/** Creates `dir` as an empty app: a package.json and nothing else, outside any workspace. */
export function createEmptyApp(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: basename(dir), version: '1.0.0', private: true };
  writeFileSync(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * `npm install <specs>` in `dir`, as a user would, with `@tokenstore/*` from the local registry;
 * what it printed. `logLevel` `notice` is npm's default, what a user sees.
 */
export async function npmInstall(
  dir: string,
  specs: readonly string[],
  source: InstallSource,
  logLevel: 'error' | 'notice' = 'error',
): Promise<CommandOutput> {
  return await runCommand(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      `--loglevel=${logLevel}`,
      `--cache=${source.cacheDir}`,
      `--@tokenstore:registry=${source.tokenstoreRegistry}`,
      ...specs,
    ],
    { cwd: dir },
  );
}

/** `name → versions` of every package installed in `dir`, at any depth (from `npm ls --all`). */
export async function installedPackages(dir: string): Promise<Map<string, Set<string>>> {
  // npm ls may exit 1 over an unmet optional peer (core's vitest): the tree is printed all the same.
  const { stdout } = await runCommand('npm', ['ls', '--all', '--json'], {
    cwd: dir,
    okExitCodes: [0, 1],
  });
  const tree = JSON.parse(stdout) as NpmLsNode;
  const found = new Map<string, Set<string>>();
  const walk = (node: NpmLsNode): void => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version === undefined) continue;
      let versions = found.get(name);
      if (versions === undefined) {
        versions = new Set();
        found.set(name, versions);
      }
      versions.add(child.version);
      walk(child);
    }
  };
  walk(tree);
  return found;
}

/** Runs `node <script> ...args` in `dir` and parses the JSON line it prints last. */
export async function runNodeScript<T>(
  dir: string,
  script: string,
  args: readonly string[] = [],
): Promise<T> {
  const { stdout } = await runCommand(process.execPath, [script, ...args], { cwd: dir });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
