import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceCases } from '../src/conformance.js';

// The README's runner snippets, run as written by each runner from the built package (a third
// party's project: the snippet, its MyStore, and @tokenstore/core in node_modules).
const run = promisify(execFile);
const core = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(core, 'README.md'), 'utf8');
const require = createRequire(import.meta.url);

/**
 * The README's code blocks whose first line names a file: `// my-store.node-test.mjs: ...`,
 * `// __tests__/my-store.jest.cjs: ...`.
 */
function snippets(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, body] of readme.matchAll(/```(?:js|ts)\n([\s\S]*?)```/g)) {
    const file = /^\/\/ ((?:__tests__\/)?(?:my|check)-store[\w.-]*\.[cm]?js)[: ]/.exec(
      body ?? '',
    )?.[1];
    if (file !== undefined && body !== undefined) found.set(file, body);
  }
  return found;
}

let project: string;
const blocks = snippets();
const env: NodeJS.ProcessEnv = { ...process.env, TOKENSTORE_CONFORMANCE_RUNS: '2' };
for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'tokenstore-runners-'));
  mkdirSync(join(project, 'node_modules', '@tokenstore'), { recursive: true });
  symlinkSync(core, join(project, 'node_modules', '@tokenstore', 'core'), 'dir');
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(new URL('./runners/my-store.cjs', import.meta.url), join(project, 'my-store.cjs'));
  // The README's ESM snippets import the store of "Writing a store" as `./my-store.ts` (Node runs
  // TypeScript directly); here it is the CommonJS build the jest snippet requires.
  writeFileSync(join(project, 'my-store.ts'), "export { MyStore } from './my-store.cjs';\n");
  for (const [file, body] of blocks) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), body);
  }
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

// Each runs the whole suite in a child process: generous on a loaded machine.
const CHILD_RUN_MS = 240_000;

describe("the README's conformance snippets, under each runner", () => {
  it('holds one snippet per runner and the runConformance script', () => {
    expect([...blocks.keys()].sort()).toEqual([
      '__tests__/my-store.jest.cjs',
      'check-store.mjs',
      'my-store.node-test.mjs',
      'my-store.vitest.test.mjs',
    ]);
  });

  it(
    'node --test runs one passing test per case',
    async () => {
      const { stdout } = await run(
        process.execPath,
        ['--test', '--test-reporter=tap', 'my-store.node-test.mjs'],
        { cwd: project, env },
      );
      expect(stdout).toMatch(new RegExp(`^# pass ${conformanceCases.length}$`, 'm'));
      expect(stdout).toMatch(/^# fail 0$/m);
    },
    CHILD_RUN_MS,
  );

  // As the README says: `npx jest __tests__/my-store.jest.cjs` (jest's default testMatch finds the
  // file; naming it leaves out the vitest file, which that pattern matches too).
  it(
    'jest runs one passing test per case',
    async () => {
      const jest = require.resolve('jest/bin/jest');
      await run(
        process.execPath,
        [jest, '--ci', '--json', '--outputFile=jest.json', '__tests__/my-store.jest.cjs'],
        { cwd: project, env },
      );
      const report = JSON.parse(readFileSync(join(project, 'jest.json'), 'utf8'));
      expect(report.testResults.map((r: { name: string }) => basename(r.name))).toEqual([
        'my-store.jest.cjs',
      ]);
      expect(report.numPassedTests).toBe(conformanceCases.length);
      expect(report.numFailedTests).toBe(0);
    },
    CHILD_RUN_MS,
  );

  // As the README says: `npx vitest run`, no file named: vitest's default pattern must find the
  // vitest file and no other runner's file beside it.
  it(
    'vitest runs one passing test per case',
    async () => {
      const vitest = join(require.resolve('vitest/package.json'), '..', 'vitest.mjs');
      await run(
        process.execPath,
        [vitest, 'run', '--root', project, '--reporter=json', '--outputFile=vitest.json'],
        { cwd: project, env },
      );
      const report = JSON.parse(readFileSync(join(project, 'vitest.json'), 'utf8'));
      expect(report.testResults.map((r: { name: string }) => basename(r.name))).toEqual([
        'my-store.vitest.test.mjs',
      ]);
      expect(report.numPassedTests).toBe(conformanceCases.length);
      expect(report.numFailedTests).toBe(0);
    },
    CHILD_RUN_MS,
  );

  it(
    'the runConformance script prints every case passed',
    async () => {
      const { stdout } = await run(process.execPath, ['check-store.mjs'], { cwd: project, env });
      expect(stdout.trim().split('\n').at(-1)).toBe(
        `${conformanceCases.length} passed, 0 failed, 0 skipped`,
      );
    },
    CHILD_RUN_MS,
  );
});
