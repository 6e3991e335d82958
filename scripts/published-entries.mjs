// Every entry point of every published package, as users import it: shared by the API reference
// (scripts/docs.mjs) and the API reports (scripts/api-report.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `{ specifier, dir, file, report }` of every `exports` entry of every published package:
 * `specifier` as users import it (`@tokenstore/core/conformance`), `file` its ESM declarations,
 * `report` the base name of its API report (`core-conformance`).
 */
export function publishedEntries() {
  const entries = [];
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const dir = join(root, 'packages', entry.name);
    if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (manifest.private === true) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const types = typeof target === 'object' ? target?.import?.types : undefined;
      if (types === undefined) continue; // ./package.json
      const sub = subpath === '.' ? '' : subpath.slice(2);
      entries.push({
        specifier: sub === '' ? manifest.name : `${manifest.name}/${sub}`,
        dir,
        file: join(dir, types),
        report: [manifest.name.replace(/^@[^/]+\//, ''), ...(sub ? [sub] : [])].join('-'),
      });
    }
  }
  return entries.sort((a, b) => a.specifier.localeCompare(b.specifier));
}

/** Exits with a message when an entry's declarations are missing (not built). */
export function requireBuilt(entries, tool) {
  const missing = entries.filter(({ file }) => !existsSync(file));
  if (missing.length > 0) {
    console.error(
      `${tool}: missing ${missing.map((e) => e.file).join(', ')}: run \`pnpm build\` first`,
    );
    process.exit(1);
  }
}
