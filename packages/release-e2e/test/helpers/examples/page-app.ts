import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type InstallSource, npmInstall } from '../npm-app.js';
import { type CommandOutput, runCommand } from '../run-command.js';
import { type Example, isNpmInstall, shellLines } from './extract.js';
import { importedPackages } from './imports.js';
import type { ExampleServers } from './servers.js';

import { RESOLUTIONS } from './typecheck.js';

/** What happened to one example, for the summary the test prints. */
export interface ExampleResult {
  readonly where: string;
  readonly what: string;
}

/** The example's file name: its annotation's, or one from its position and module kind. */
export function fileNameOf(example: Example, index: number): string {
  if (example.file !== undefined) return example.file;
  const commonJs = /\brequire\(/.test(example.code) && !/^\s*import\s/m.test(example.code);
  const ext = example.lang === 'ts' ? (commonJs ? 'cts' : 'mts') : commonJs ? 'cjs' : 'mjs';
  return `example-${String(index + 1).padStart(2, '0')}-line-${example.line}.${ext}`;
}

/** One page's examples in an empty app of their own, as a reader would run them. */
export class PageApp {
  readonly dir: string;
  readonly examplesDir: string;
  readonly results: ExampleResult[] = [];
  /** What the page's install commands printed, for the report on warnings. */
  readonly installOutput: string[] = [];
  readonly #files = new Map<Example, string>();

  constructor(
    work: string,
    readonly page: string,
    readonly examples: readonly Example[],
  ) {
    const name = page.replace(/\.md$/i, '').replaceAll(/[^A-Za-z0-9]+/g, '-');
    this.dir = join(work, 'examples', name);
    this.examplesDir = join(this.dir, 'examples');
    examples.forEach((example, index) => {
      this.#files.set(example, fileNameOf(example, index));
    });
  }

  #where(example: Example): string {
    return `${example.page}:${example.line}`;
  }

  /** npm's settings for shell examples: `@tokenstore/*` from the local registry (for `npx -p`). */
  #npmEnv: NodeJS.ProcessEnv = {};

  /** Creates the app (an ES module package) and runs the page's `npm install` lines in it. */
  async install(source: InstallSource): Promise<void> {
    this.#npmEnv = {
      'npm_config_@tokenstore:registry': source.tokenstoreRegistry,
      npm_config_cache: source.cacheDir,
      npm_config_update_notifier: 'false',
    };
    mkdirSync(this.examplesDir, { recursive: true });
    const manifest = { name: basename(this.dir).toLowerCase(), version: '1.0.0', private: true };
    writeFileSync(
      join(this.dir, 'package.json'),
      `${JSON.stringify({ ...manifest, type: 'module' }, null, 2)}\n`,
    );
    for (const example of this.examples.filter((e) => e.mode === 'install')) {
      for (const line of shellLines(example.code)) {
        if (!isNpmInstall(line)) {
          throw new Error(`${this.#where(example)}: not an npm install line: ${line}`);
        }
        const args = line
          .replace(/\s#.*$/, '')
          .split(/\s+/)
          .slice(2);
        const output = await npmInstall(this.dir, args, source, 'notice');
        this.installOutput.push(`$ ${line}\n${`${output.stdout}${output.stderr}`.trim()}`);
      }
      this.results.push({ where: this.#where(example), what: 'sh install: ran' });
    }
  }

  /**
   * Packages the examples import that the page's install commands did not make dependencies of
   * the app. npm's hoisting would let such an import work; pnpm's strict layout would not.
   */
  undeclaredImports(): string[] {
    const manifest = JSON.parse(readFileSync(join(this.dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
    ]);
    const problems: string[] = [];
    for (const example of this.examples) {
      if (example.lang === 'sh' || example.mode === 'show' || example.mode === 'repo') continue;
      for (const name of importedPackages(example.code)) {
        if (!declared.has(name)) {
          problems.push(`${this.#where(example)} imports ${name}, which no install line installs`);
        }
      }
    }
    return problems;
  }

  /** Writes every code example to its file, with server addresses substituted. */
  async writeFiles(servers: ExampleServers): Promise<void> {
    for (const [example, file] of this.#files) {
      if (example.lang === 'sh' || example.mode === 'show' || example.mode === 'repo') continue;
      const { code } = await servers.prepare(example.server, example.code);
      writeFileSync(join(this.examplesDir, file), code);
    }
  }

  /** The examples that tsc checks: every TypeScript one, and JavaScript ones marked typecheck. */
  #checked(): Example[] {
    return this.examples.filter(
      (e) =>
        (e.lang === 'ts' && (e.mode === 'typecheck' || e.mode === 'run')) ||
        (e.lang === 'js' && e.mode === 'typecheck'),
    );
  }

  /** The files tsc checks, as absolute paths, with the README line of each. */
  checkedFiles(): { ts: string[]; js: string[]; where: Map<string, string> } {
    const ts: string[] = [];
    const js: string[] = [];
    const where = new Map<string, string>();
    for (const example of this.#checked()) {
      const file = join(this.examplesDir, this.#files.get(example) ?? '');
      (example.lang === 'ts' ? ts : js).push(file);
      where.set(file, this.#where(example));
    }
    return { ts, js, where };
  }

  /** Records the type-check verdict of each checked example. */
  recordTypecheck(failedFiles: ReadonlySet<string>): void {
    for (const example of this.#checked()) {
      const file = join(this.examplesDir, this.#files.get(example) ?? '');
      const verdict = failedFiles.has(file) ? 'FAIL' : 'pass';
      this.results.push({
        where: this.#where(example),
        what: `${example.lang} type-checked (strict; ${Object.keys(RESOLUTIONS).join(', ')}): ${verdict}`,
      });
    }
  }

  /** Runs every `run` and `shell` example; the failures (empty: all exited 0 in time). */
  async run(servers: ExampleServers): Promise<string[]> {
    const failures: string[] = [];
    let n = 0;
    for (const example of this.examples) {
      if (example.mode !== 'run' && example.mode !== 'shell') continue;
      const cwd = join(this.dir, '..', `${basename(this.dir)}-run-${++n}`);
      mkdirSync(cwd, { recursive: true });
      const { code, env } = await servers.prepare(example.server, example.code);
      const started = performance.now();
      let outcome: Promise<CommandOutput>;
      if (example.mode === 'shell') {
        // Next to the page's other files (`./my-store.mjs`), where npx finds the app's binaries;
        // `dir=empty`: in an empty directory outside the app, for "without a project".
        outcome = runCommand('bash', ['-euo', 'pipefail', '-c', code], {
          cwd: example.dir === 'empty' ? cwd : this.examplesDir,
          env: { ...env, ...this.#npmEnv },
          timeoutMs: 120_000,
        });
      } else {
        const file = join(this.examplesDir, this.#files.get(example) ?? '');
        outcome = runCommand(process.execPath, [file], { cwd, env, timeoutMs: 60_000 });
      }
      const server = example.server ? ` against ${example.server}` : '';
      try {
        await outcome;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        this.results.push({
          where: this.#where(example),
          what: `${example.lang} ran${server}: pass (${seconds} s)`,
        });
      } catch (error) {
        this.results.push({
          where: this.#where(example),
          what: `${example.lang} ran${server}: FAIL`,
        });
        failures.push(`${this.#where(example)}: ${(error as Error).message}`);
      }
    }
    return failures;
  }

  /** The examples deliberately not tested, with why. */
  notTested(): void {
    for (const example of this.examples) {
      if (example.mode === 'repo') {
        this.results.push({ where: this.#where(example), what: 'sh repo command: not run here' });
      } else if (example.mode === 'show') {
        this.results.push({ where: this.#where(example), what: `${example.lang} shown only` });
      }
    }
  }
}
