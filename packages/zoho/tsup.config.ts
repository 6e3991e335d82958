import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    'typescript-sdk': 'src/typescript-sdk.ts',
    'nodejs-sdk': 'src/nodejs-sdk.ts',
  }),
);
