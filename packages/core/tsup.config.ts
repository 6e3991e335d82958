import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset';

export default defineConfig({
  ...packageBuild({
    index: 'src/index.ts',
    backend: 'src/backend-kit.ts',
    conformance: 'src/conformance.ts',
    vitest: 'src/vitest.ts',
    'node-test': 'src/node-test.ts',
    jest: 'src/jest.ts',
    'process-worker': 'src/conformance/process-worker.ts',
  }),
  // `node:test` exists only with its prefix: `require('test')` is another package.
  removeNodeProtocol: false,
});
