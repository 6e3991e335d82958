import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MariaDbServer, startMariaDb } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so that the examples import the built package by its name (a package may
// import itself) and its driver; removed afterwards.
const WORK_DIR = join(PACKAGE_DIR, '.readme-examples');
/** The server URL the README's examples name; the only thing changed in them. */
const README_URL = 'mysql://app:secret@127.0.0.1:3306/app';

/** Every ```js block of the README, in order. */
function examples(): string[] {
  const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

let server: MariaDbServer;
beforeAll(async () => {
  server = await startMariaDb();
  mkdirSync(WORK_DIR, { recursive: true });
});
afterAll(async () => {
  rmSync(WORK_DIR, { recursive: true, force: true });
  await server?.stop();
});

describe('README examples', () => {
  const blocks = examples();
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(2));
  it.each(blocks.map((code, i) => [i + 1, code] as const))(
    'example %i runs as written against a real server and exits (nothing left open)',
    async (i, code) => {
      expect(code).toContain(README_URL);
      const file = join(WORK_DIR, `example-${i}.mjs`);
      writeFileSync(file, code.replaceAll(README_URL, server.url));
      const { stderr } = await promisify(execFile)(process.execPath, [file], {
        cwd: WORK_DIR,
        timeout: 60_000,
      });
      expect(stderr).toBe('');
    },
  );
});
