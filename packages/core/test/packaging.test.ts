import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist/', import.meta.url);

/** Every module specifier `file` imports or requires, and those of its local chunks, recursively. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  const specifiers = new Set<string>();
  if (seen.has(file)) return specifiers;
  seen.add(file);
  const text = readFileSync(new URL(file, dist), 'utf8');
  const pattern = /(?:from\s*|import\s*\(?\s*|require\(\s*)['"]([^'"]+)['"]/g;
  for (const [, specifier] of text.matchAll(pattern)) {
    if (specifier === undefined) continue;
    if (specifier.startsWith('./')) {
      for (const inner of importsOf(specifier.slice(2), seen)) specifiers.add(inner);
    } else specifiers.add(specifier);
  }
  return specifiers;
}

describe('the built package (run after pnpm build)', () => {
  // fast-check is a dependency of the conformance entry only: a store's users never load it.
  for (const entry of ['index.js', 'index.cjs']) {
    it(`${entry} and its chunks never import fast-check`, () => {
      const imports = importsOf(entry);
      expect([...imports].filter((s) => s.includes('fast-check'))).toEqual([]);
      expect(imports.size).toBeGreaterThan(0);
    });
  }

  for (const entry of ['conformance.js', 'conformance.cjs']) {
    it(`${entry} does import fast-check (so the check above can see an import)`, () => {
      expect([...importsOf(entry)]).toContain('fast-check');
    });
  }
});
