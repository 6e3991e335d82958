import { fileURLToPath } from 'node:url';
import { packageProject } from '../../vitest.project.js';

export default packageProject('core', {
  // Core's tests break the reference store on purpose. It depends on core, so core cannot
  // depend on it: resolve it from source instead of adding a cycle to the package graph.
  resolve: {
    alias: {
      '@tokenstore/store-memory': fileURLToPath(
        new URL('../store-memory/src/index.ts', import.meta.url),
      ),
    },
  },
});
