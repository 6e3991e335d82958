import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    conformance: 'src/conformance.ts',
    vitest: 'src/vitest.ts',
    'process-worker': 'src/conformance/process-worker.ts',
  }),
);
