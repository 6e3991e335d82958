import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What {@link describeReadmeExamples} runs. */
export interface ReadmeExamples {
  /** The package whose README.md holds the examples (```js blocks). */
  readonly packageDir: string;
  /** The server URL the examples name: each must contain it, and it is the only thing changed. */
  readonly readmeUrl: string;
  /** The URL of the running test server (read inside the tests). */
  readonly url: () => string;
  /** At least this many examples (default 2): a README that lost them fails. */
  readonly atLeast?: number;
}

/**
 * Registers a test per ```js block of a package's README: the block, with the README's URL
 * replaced by the test server's, runs as a file of its own in `node` and must exit (nothing
 * left open) without writing to stderr. The files are written inside the package, so that an
 * example imports the built package by its name (a package may import itself) and its driver;
 * they are removed after the file's tests.
 */
export function describeReadmeExamples(options: ReadmeExamples): void {
  const workDir = join(options.packageDir, '.readme-examples');
  const readme = readFileSync(join(options.packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  beforeAll(() => mkdirSync(workDir, { recursive: true }));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  describe('README examples', () => {
    it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(options.atLeast ?? 2));
    it.each(blocks.map((code, i) => [i + 1, code] as const))(
      'example %i runs as written against a real server and exits (nothing left open)',
      async (i, code) => {
        expect(code).toContain(options.readmeUrl);
        const file = join(workDir, `example-${i}.mjs`);
        writeFileSync(file, code.replaceAll(options.readmeUrl, options.url()));
        const { stderr } = await promisify(execFile)(process.execPath, [file], {
          cwd: workDir,
          timeout: 60_000,
        });
        expect(stderr).toBe('');
      },
    );
  });
}
