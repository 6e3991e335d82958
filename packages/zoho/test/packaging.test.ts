import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Runs a CommonJS script from the package directory, where @tokenstore/zoho is the built package. */
async function runCommonJs(script: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--no-deprecation', '--input-type=commonjs', '-e', script],
    { cwd: PACKAGE_DIR, timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

describe('the built package from CommonJS (build it first: pnpm build)', () => {
  it('require() gives both entries, and the Node.js SDK store extends its base class', async () => {
    const result = await runCommonJs(`
      const { MemoryTokenStore } = require('@tokenstore/store-memory');
      const { createZohoTokenStore } = require('@tokenstore/zoho');
      const ts = require('@tokenstore/zoho/typescript-sdk');
      const node = require('@tokenstore/zoho/nodejs-sdk');
      // @zohocrm/nodejs-sdk-8.0 is ESM: require() of an ES module (Node 22.12 and later).
      const nodeSdk = require('@zohocrm/nodejs-sdk-8.0');
      const tsSdk = require('@zohocrm/typescript-sdk-8.0');
      const store = new node.ZohoTokenStore(new MemoryTokenStore());
      console.log(JSON.stringify({
        root: typeof createZohoTokenStore,
        typescript: typeof ts.ZohoTokenStore,
        extendsNodeBase: store instanceof nodeSdk.TokenStore.TokenStore,
        factory: createZohoTokenStore(tsSdk, new MemoryTokenStore()) instanceof ts.ZohoTokenStore,
        nodeFactory:
          createZohoTokenStore(nodeSdk, new MemoryTokenStore()) instanceof node.ZohoTokenStore,
      }));
    `);
    expect(result).toEqual({
      root: 'function',
      typescript: 'function',
      extendsNodeBase: true,
      factory: true,
      nodeFactory: true,
    });
  }, 60_000);
});
