import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyApp, type InstallSource, npmInstall } from '../npm-app.js';
import { extractExamples } from './extract.js';
import { PageApp } from './page-app.js';
import { ExampleServers } from './servers.js';
import { type TypeScriptTools, typecheckAll } from './typecheck.js';

/** What the release test hands over once it has published everything. */
export interface ReleasedWorkspace {
  /** The temp dir of the run. */
  readonly work: string;
  /** The clone that was released: its pages are the ones tested. */
  readonly clone: string;
  readonly source: InstallSource;
}

const MINUTE = 60_000;
/**
 * Page apps installed at once, ahead of their tests: npm mostly waits on the registry and the
 * disk, so two installs overlap well on two cores (sixteen pages took the sum, one by one).
 */
const INSTALLS_IN_FLIGHT = 2;

/** Runs `work` once fewer than `limit` others started through the same limiter are running. */
function limiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** A page's app and examples, installed (or the install's failure, for the page's own test). */
interface PreparedPage {
  readonly app: PageApp;
  readonly examples: ReturnType<typeof extractExamples>;
  readonly installed: Promise<void> | undefined;
}

/**
 * The pages whose examples are tests: the root README, the README of every published package,
 * and every page under docs/.
 */
export function examplePages(root: string): string[] {
  const pages = ['README.md'];
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const manifest = join(root, 'packages', entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    if ((JSON.parse(readFileSync(manifest, 'utf8')) as { private?: boolean }).private) continue;
    if (existsSync(join(root, 'packages', entry.name, 'README.md'))) {
      pages.push(`packages/${entry.name}/README.md`);
    }
  }
  if (existsSync(join(root, 'docs'))) {
    for (const file of readdirSync(join(root, 'docs')).sort()) {
      if (file.endsWith('.md')) pages.push(`docs/${file}`);
    }
  }
  return pages;
}

/**
 * Every code example of every page, from the packages just published: one empty app per page
 * installs what the page's `npm install` lines say and runs its JavaScript (and `run`) examples
 * to completion; then every page's TypeScript examples type-check (strict; node16, nodenext and
 * bundler resolution). A summary of each example's result is printed, and written to
 * `$README_EXAMPLES_REPORT` when that is set.
 */
export function describeReadmeExamples(released: () => ReleasedWorkspace): void {
  describe('README examples, from the published packages', () => {
    const servers = new ExampleServers();
    let tools: TypeScriptTools;
    const apps: PageApp[] = [];
    const prepared = new Map<string, Promise<PreparedPage>>();

    beforeAll(async () => {
      const { work, clone, source } = released();
      const toolsDir = join(work, 'example-tools');
      createEmptyApp(toolsDir);
      const root = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      };
      const specs = ['typescript', '@types/node'].map((n) => `${n}@${root.devDependencies[n]}`);
      // Every page's app starts installing now, a few at a time, while the tests go page by page.
      const slot = limiter(INSTALLS_IN_FLIGHT);
      for (const page of pages) {
        // A page's failure (a bad annotation, a failed install) is reported by the page's test.
        const ready = (async (): Promise<PreparedPage> => {
          const examples = extractExamples(page, readFileSync(join(clone, page), 'utf8'));
          const app = new PageApp(work, page, examples);
          const installs = examples.some((e) => e.mode === 'install');
          const installed = installs ? slot(() => app.install(source)) : undefined;
          installed?.catch(() => {});
          return { app, examples, installed };
        })();
        ready.catch(() => {});
        prepared.set(page, ready);
      }
      await npmInstall(toolsDir, specs, source);
      tools = {
        tsc: join(toolsDir, 'node_modules', 'typescript', 'bin', 'tsc'),
        typeRoot: join(toolsDir, 'node_modules', '@types'),
      };
    }, 3 * MINUTE);

    afterAll(async () => {
      await servers.stop();
      const lines = apps.flatMap((app) => app.results.map((r) => `${r.where}: ${r.what}`));
      const installs = apps.flatMap((app) =>
        app.installOutput.map((out) => `[${app.page}]\n${out}`),
      );
      const report = `${lines.join('\n')}\n\nInstall output:\n${installs.join('\n\n')}\n`;
      console.log(`readme-examples:\n${report}`);
      if (process.env.README_EXAMPLES_REPORT) {
        writeFileSync(process.env.README_EXAMPLES_REPORT, report);
      }
    }, MINUTE);

    // The page list comes from this checkout (what is committed is what the clone has).
    const root = join(import.meta.dirname, '..', '..', '..', '..', '..');
    // README_EXAMPLES_PAGES=a.md,b.md: only those pages (while editing them, with `pnpm examples`).
    const only = process.env.README_EXAMPLES_PAGES?.split(',').filter((p) => p !== '');
    const pages = examplePages(root).filter((page) => !only?.length || only.includes(page));
    for (const page of pages) {
      it(
        `${page}: installs, type-checks and runs as written`,
        async () => {
          const { app, examples, installed } = await (prepared.get(page) as Promise<PreparedPage>);
          apps.push(app);
          app.notTested();
          if (installed === undefined) {
            expect(
              examples.filter((e) => e.mode === 'run' || e.mode === 'typecheck'),
              `${page} has examples but no npm install line to install what they import`,
            ).toEqual([]);
            return;
          }
          await installed;
          expect(app.undeclaredImports()).toEqual([]);
          await app.writeFiles(servers);
          expect((await app.run(servers)).join('\n\n')).toBe('');
        },
        6 * MINUTE,
      );
    }

    // One tsc run per resolution over every page (a run per page costs ten seconds each here).
    it(
      'type-checks every TypeScript example (strict; node16, nodenext and bundler resolution)',
      async () => {
        const { work } = released();
        const ts: string[] = [];
        const js: string[] = [];
        const where = new Map<string, string>();
        for (const app of apps) {
          const files = app.checkedFiles();
          ts.push(...files.ts);
          js.push(...files.js);
          for (const [file, line] of files.where) where.set(file, line);
        }
        expect(ts.length + js.length, 'examples to type-check found').toBeGreaterThan(0);
        const { failures, failedFiles } = await typecheckAll(
          join(work, 'examples'),
          { ts, js, where },
          tools,
        );
        for (const app of apps) app.recordTypecheck(failedFiles);
        expect(failures.join('\n\n')).toBe('');
      },
      6 * MINUTE,
    );
  });
}
