import type { Options } from 'tsup';

/** The build every published package shares: ESM + CJS + .d.ts/.d.cts, node 22. */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    splitting: true,
    treeshake: true,
    // import.meta.url in the CJS build too (the conformance suite locates its worker script).
    shims: true,
  };
}
