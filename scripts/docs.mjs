#!/usr/bin/env node
// The API reference: TypeDoc over the declarations every published package ships, one module per
// entry of its package.json `exports`, named as users import it (`@tokenstore/core/conformance`),
// into docs/api/ (not committed). Run `pnpm build` first. Every warning is an error: an export
// without TSDoc, a broken {@link}, a type the API uses but does not export. `pnpm docs` builds
// it; CI runs it (.ci/run).
import { join, relative } from 'node:path';
import { Application, Converter, ReflectionKind } from 'typedoc';
import { publishedEntries, requireBuilt, root } from './published-entries.mjs';

const entries = publishedEntries();
requireBuilt(entries, 'docs');

const app = await Application.bootstrapWithPlugins({
  name: 'tokenstore',
  entryPointStrategy: 'resolve',
  entryPoints: entries.map((e) => e.file),
  tsconfig: join(root, 'scripts', 'docs.tsconfig.json'),
  out: join(root, 'docs', 'api'),
  readme: 'none',
  excludeInternal: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  logLevel: process.env.DOCS_LOG_LEVEL ?? 'Warn',
});

// TypeDoc names a module after its file ("core/dist/conformance"); users know it by its import.
// ("store-mongo/dist" for an index file).
const byFileName = new Map(
  entries.map((e) => [
    relative(join(root, 'packages'), e.file)
      .replace(/\.d\.ts$/, '')
      .replace(/\/index$/, ''),
    e.specifier,
  ]),
);
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
  if (reflection.kindOf(ReflectionKind.Module)) {
    reflection.name = byFileName.get(reflection.name) ?? reflection.name;
  }
});

const project = await app.convert();
if (project === undefined) {
  console.error('docs: TypeDoc could not convert the packages (see above)');
  process.exit(1);
}
app.validate(project);
const problems = () => app.logger.errorCount + app.logger.warningCount;
if (problems() > 0) {
  console.error(
    `docs: ${app.logger.errorCount} errors, ${app.logger.warningCount} warnings: fix each`,
  );
  process.exit(1);
}
await app.generateDocs(project, join(root, 'docs', 'api'));
if (problems() > 0) process.exit(1);
console.log(`docs: API reference of ${entries.length} entry points in docs/api/, no warnings`);
