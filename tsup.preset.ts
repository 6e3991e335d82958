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
  };
}
