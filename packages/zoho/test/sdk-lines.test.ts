import { MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { createZohoTokenStore, type ZohoSdk } from '../src/index.js';
import { describeSdkFlows } from './helpers/describe-sdk-flows.js';
import { importSdk, moduleSdkDriver } from './helpers/module-sdk-driver.js';
import { sqliteStores } from './helpers/store-kinds.js';
import { tempDir } from './helpers/temp-dir.js';

// The 6.0 and 7.0 lines of both SDKs (latest versions, pinned devDependencies), through
// createZohoTokenStore, with every flow the 8.0 lines run (test/nodejs-sdk.test.ts, ...).
const LINES = [
  '@zohocrm/typescript-sdk-7.0',
  '@zohocrm/typescript-sdk-6.0',
  '@zohocrm/nodejs-sdk-7.0',
  '@zohocrm/nodejs-sdk-6.0',
];
const stores = sqliteStores(tempDir());
for (const name of LINES) {
  const sdk = await importSdk(name);
  describeSdkFlows(moduleSdkDriver(name, sdk), () => stores, 'SQLite');
}

describe('the 2.x lines (getToken(user, token) stores)', () => {
  it.each(['@zohocrm/nodejs-sdk-2.1', '@zohocrm/typescript-sdk-2.1'])(
    '%s is refused with an error naming the supported lines',
    async (name) => {
      const sdk = (await import(name)) as ZohoSdk;
      expect(() => createZohoTokenStore(sdk, new MemoryTokenStore())).toThrow(
        /older line \(2\.x.*Supported: @zohocrm\/typescript-sdk-6\.0, -7\.0, -8\.0 and @zohocrm\/nodejs-sdk-6\.0, -7\.0, -8\.0/,
      );
    },
  );
});
