import { cpSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tokens.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The CLI's own dependencies; the adapters are optional peers and left out here. */
const DEPENDENCIES = ['@tokenstore/core', 'cli-progress', 'commander', 'csv-parse'];

/**
 * The CLI installed alone, as `npm install @tokenstore/cli` without any adapter gives it: its
 * built files and its dependencies, and no @tokenstore/store-* package anywhere Node looks.
 */
function installWithoutAdapters(root: string): string {
  const home = join(root, 'node_modules', '@tokenstore', 'cli');
  cpSync(join(PACKAGE_DIR, 'dist'), join(home, 'dist'), { recursive: true });
  cpSync(join(PACKAGE_DIR, 'package.json'), join(home, 'package.json'));
  for (const name of DEPENDENCIES) {
    const link = join(root, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(PACKAGE_DIR, 'node_modules', name)), link);
  }
  return join(home, 'dist', 'cli.js');
}

describe('an adapter package that is not installed', () => {
  const root = tempDir();
  let cli: string;

  beforeAll(() => {
    expect(CLI).not.toContain(root);
    cli = installWithoutAdapters(root);
  });

  it.each([
    ['redis://127.0.0.1:6379/0', '@tokenstore/store-redis'],
    ['sqlite:./tokens.db', '@tokenstore/store-sqlite'],
    ['mongodb://127.0.0.1:27017/app', '@tokenstore/store-mongo'],
    ['secretsmanager://us-east-1', '@tokenstore/store-secrets-manager'],
    ['memory:', '@tokenstore/store-memory'],
  ])('%s: exit 2, naming the package to install', async (url, packageName) => {
    const run = await runCli(['count', url], { cli, cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`npm install ${packageName}`);
    expect(run.stderr).not.toContain('    at ');
  });

  it('leaves the rest of the CLI working', async () => {
    const run = await runCli(['--help'], { cli, cwd: root });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: tokenstore');
  });
});
