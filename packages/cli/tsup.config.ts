import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// index: the library (openStore, parseStoreUrl, maskToken, ...); cli: the `tokenstore` bin.
export default defineConfig({
  ...packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' }),
  define: { TOKENSTORE_CLI_VERSION: JSON.stringify(version) },
  // The drivers of the Zoho SDK stores `migrate` reads: optional dependencies, loaded on demand.
  external: ['better-sqlite3', 'mysql2', 'mysql2/promise'],
});
