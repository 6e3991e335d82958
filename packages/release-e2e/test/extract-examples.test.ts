import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePages } from './helpers/examples/describe-examples.js';
import { extractExamples } from './helpers/examples/extract.js';
import { importedPackages } from './helpers/examples/imports.js';
import { fileNameOf } from './helpers/examples/page-app.js';

// The README example extractor on its own (fast; the examples themselves run in publish.test.ts).

const page = [
  '# Title',
  '',
  '```sh',
  'npm install @tokenstore/store-sqlite better-sqlite3  # the driver too',
  '```',
  '',
  '```js',
  "import { SqliteTokenStore } from '@tokenstore/store-sqlite';",
  '```',
  '',
  '<!-- example: run server=redis -->',
  '```ts',
  "import { Redis } from 'ioredis';",
  '```',
  '',
  '- a list item with an indented block:',
  '',
  '  <!-- example: typecheck file=my-store.ts -->',
  '  ```ts',
  '  export const x = 1;',
  '    const indented = true;',
  '  ```',
  '',
  '```json',
  '{ "not": "an example" }',
  '```',
  '',
  '<!-- example: repo (a contributor command) -->',
  '```sh',
  'pnpm test',
  '```',
  '',
  '```cjs',
  "const { isTokenStoreError } = require('@tokenstore/core');",
  '```',
].join('\n');

describe('extractExamples', () => {
  const examples = extractExamples('README.md', page);

  it('finds js, ts and sh blocks with their modes, and skips other languages', () => {
    expect(examples.map((e) => [e.line, e.lang, e.mode])).toEqual([
      [3, 'sh', 'install'],
      [7, 'js', 'run'],
      [12, 'ts', 'run'],
      [19, 'ts', 'typecheck'],
      [29, 'sh', 'repo'],
      [33, 'js', 'run'],
    ]);
  });

  it('reads file= and server=, and strips the fence indentation only', () => {
    expect(examples[2]?.server).toBe('redis');
    expect(examples[3]?.file).toBe('my-store.ts');
    expect(examples[3]?.code).toBe('export const x = 1;\n  const indented = true;\n');
  });

  it('names files by module kind', () => {
    expect(examples.map((e, i) => fileNameOf(e, i))).toEqual([
      'example-01-line-3.mjs',
      'example-02-line-7.mjs',
      'example-03-line-12.mts',
      'my-store.ts',
      'example-05-line-29.mjs',
      'example-06-line-33.cjs',
    ]);
  });

  it('refuses an unknown mode, and a shell block that is not only installs without one', () => {
    expect(() => extractExamples('x.md', '<!-- example: maybe -->\n```js\n1\n```\n')).toThrow(
      /x.md:2: unknown example mode "maybe"/,
    );
    expect(() => extractExamples('x.md', '```sh\nnpx tokenstore check memory:\n```\n')).toThrow(
      /x.md:1: a shell block that is not only npm install lines needs an annotation/,
    );
    expect(() => extractExamples('x.md', '```js\nnever closed\n')).toThrow(/unclosed/);
  });
});

describe('importedPackages', () => {
  it('names the packages of imports, dynamic imports and requires, not relative or built-in ones', () => {
    const code = [
      "import Database from 'better-sqlite3';",
      "import type { TokenStore } from '@tokenstore/core';",
      "import { describeTokenStore } from '@tokenstore/core/vitest';",
      "const { Redis } = await import('ioredis');",
      "const aws = require('@aws-sdk/client-secrets-manager');",
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      "import { MyStore } from './my-store.js';",
    ].join('\n');
    expect(importedPackages(code)).toEqual([
      '@aws-sdk/client-secrets-manager',
      '@tokenstore/core',
      'better-sqlite3',
      'ioredis',
    ]);
  });
});

describe('the pages of this repository', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  it('have only well-formed examples, and every published package has a page', () => {
    const pages = examplePages(root);
    expect(pages).toContain('README.md');
    expect(pages).toContain('packages/core/README.md');
    for (const p of pages) {
      expect(() => extractExamples(p, readFileSync(join(root, p), 'utf8')), p).not.toThrow();
    }
  });
});
