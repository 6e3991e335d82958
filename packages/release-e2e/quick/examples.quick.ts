import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { describeReadmeExamples } from '../test/helpers/examples/describe-examples.js';
import type { InstallSource } from '../test/helpers/npm-app.js';
import { runCommand } from '../test/helpers/run-command.js';
import { type LocalRegistry, startVerdaccio } from '../test/helpers/verdaccio.js';
import { repositoryRoot } from '../test/helpers/workspace-clone.js';

// `pnpm examples`: the README examples against the working tree, for editing them. The packages
// as last built are packed (`pnpm pack`) and published into a Verdaccio of this run, without the
// clone, versioning and package checks of the release test (which runs the same examples in CI,
// from the committed tree). About a minute instead of four.

let work: string;
let root: string;
let registry: LocalRegistry | undefined;
let source: InstallSource;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenstore-examples-'));
  root = await repositoryRoot();
  registry = await startVerdaccio(join(work, 'registry'));
  source = { tokenstoreRegistry: registry.url, cacheDir: join(work, 'npm-cache') };
  const tarballs = join(work, 'tarballs');
  const auth = `--${registry.authLine}`;
  for (const folder of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', folder);
    let manifest: { private?: boolean };
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.private) continue;
    const { stdout } = await runCommand(
      'pnpm',
      ['pack', '--pack-destination', tarballs, '--json'],
      {
        cwd: dir,
      },
    );
    const { filename } = JSON.parse(stdout) as { filename: string };
    await runCommand('npm', ['publish', filename, `--registry=${registry.url}`, auth], {
      cwd: work,
    });
  }
}, 300_000);

afterAll(async () => {
  await registry?.stop();
  if (process.env.RELEASE_E2E_KEEP) console.log(`examples: kept ${work}`);
  else if (work) rmSync(work, { recursive: true, force: true });
});

describeReadmeExamples(() => ({ work, clone: root, source }));
