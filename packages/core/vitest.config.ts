import { fileURLToPath } from 'node:url';
import { packageProject } from '../../vitest.project.js';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default packageProject('core', {
  resolve: {
    alias: [
      // Core's tests run against core's source, not dist: a change to backed-store.ts is tested
      // without a rebuild (store-memory's source imports `@tokenstore/core` too). Exact matches,
      // so that a subpath never lands on the root's file.
      { find: /^@tokenstore\/core$/, replacement: source('./src/index.ts') },
      { find: /^@tokenstore\/core\/conformance$/, replacement: source('./src/conformance.ts') },
      { find: /^@tokenstore\/core\/vitest$/, replacement: source('./src/vitest.ts') },
      // Core's tests break the reference store on purpose. It depends on core, so core cannot
      // depend on it: resolve it from source instead of adding a cycle to the package graph.
      {
        find: /^@tokenstore\/store-memory$/,
        replacement: source('../store-memory/src/index.ts'),
      },
    ],
  },
});
