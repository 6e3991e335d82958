#!/usr/bin/env node
// Writes the publishing metadata every public package must carry (repository with directory,
// homepage, bugs, author, license, LICENSE in `files`) and copies the root LICENSE into it.
// `pnpm check-packages` fails when a package lacks any of it; run this to fix a new package:
//
//   node scripts/package-metadata.mjs
//
// The repository URL is the one place to change when the project moves (see RELEASING.md).
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedMetadata, REPOSITORY } from './package-metadata-rules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = join(root, 'package.json');
const rootPkg = JSON.parse(readFileSync(rootManifest, 'utf8'));
rootPkg.repository = { type: 'git', url: `git+${REPOSITORY}.git` };
writeFileSync(rootManifest, `${JSON.stringify(rootPkg, null, 2)}\n`);

for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
  const dir = join(root, 'packages', entry.name);
  const manifestPath = join(dir, 'package.json');
  if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private === true) continue;
  const wanted = expectedMetadata(entry.name);
  // Keep the usual key order: metadata right after `license`.
  const next = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'license') Object.assign(next, wanted);
    else if (!(key in wanted))
      next[key] = key === 'files' ? [...new Set([...value, 'LICENSE'])] : value;
  }
  writeFileSync(manifestPath, `${JSON.stringify(next, null, 2)}\n`);
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  console.log(`package-metadata: ${manifest.name}`);
}
