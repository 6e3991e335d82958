import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './run-command.js';

/** One package of the cloned workspace, as its package.json says now. */
export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  readonly private: boolean;
  readonly dir: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** A changeset's bump for one package. */
export type Bump = 'major' | 'minor' | 'patch';

/** The root of the git repository this test file is in. */
export async function repositoryRoot(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const { stdout } = await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: here });
  return stdout.trim();
}

/**
 * Clones the repository's committed HEAD into `dest` and installs it there as a release would:
 * frozen and offline (everything is in the pnpm store once the repository itself was
 * installed). Uncommitted work is not part of the clone. `pnpm release` builds it.
 */
export async function cloneAndInstall(repository: string, dest: string): Promise<void> {
  await runCommand('git', ['clone', '--quiet', repository, dest], { cwd: dirname(dest) });
  try {
    await runCommand('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: dest });
  } catch (error) {
    throw new Error(
      `the clone's offline install failed: run \`pnpm install\` at the repository root first, and commit pnpm-lock.yaml with package.json changes\n${(error as Error).message}`,
    );
  }
}

/** Every package under `packages/` of the workspace at `root`. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const dir = join(packagesDir, entry.name);
      let text: string;
      try {
        text = readFileSync(join(dir, 'package.json'), 'utf8');
      } catch {
        return [];
      }
      const manifest = JSON.parse(text) as {
        name: string;
        version: string;
        private?: boolean;
        dependencies?: Record<string, string>;
      };
      return [
        {
          name: manifest.name,
          version: manifest.version,
          private: manifest.private === true,
          dir,
          dependencies: manifest.dependencies ?? {},
        },
      ];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The packages a release publishes: every one not marked private. */
export function publishedPackages(root: string): WorkspacePackage[] {
  return workspacePackages(root).filter((pkg) => !pkg.private);
}

/** Writes `.changeset/<id>.md`, as `pnpm changeset` would. */
export function writeChangeset(
  root: string,
  id: string,
  releases: Readonly<Record<string, Bump>>,
  summary: string,
): void {
  const lines = Object.entries(releases).map(([name, bump]) => `"${name}": ${bump}`);
  writeFileSync(
    join(root, '.changeset', `${id}.md`),
    `---\n${lines.join('\n')}\n---\n\n${summary}\n`,
  );
}

/** `name → version` of every package of the workspace at `root`. */
export function versionsOf(root: string): Map<string, string> {
  return new Map(workspacePackages(root).map((pkg) => [pkg.name, pkg.version]));
}
