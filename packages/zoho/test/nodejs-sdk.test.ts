import { MemoryTokenStore } from '@tokenstore/store-memory';
import * as sdk from '@zohocrm/nodejs-sdk-8.0';
import { describe, expect, it } from 'vitest';
import { ZohoTokenStore } from '../src/nodejs-sdk.js';
import { describeSdkFlows } from './helpers/describe-sdk-flows.js';
import { nodejsSdk } from './helpers/nodejs-sdk-driver.js';
import { sqliteStores } from './helpers/store-kinds.js';
import { tempDir } from './helpers/temp-dir.js';

const stores = sqliteStores(tempDir());
describeSdkFlows(nodejsSdk, () => stores, 'SQLite');

describe('@tokenstore/zoho/nodejs-sdk', () => {
  it("extends the SDK's TokenStore.TokenStore, which InitializeBuilder.store() requires", async () => {
    const store = new ZohoTokenStore(new MemoryTokenStore());
    expect(store).toBeInstanceOf(sdk.TokenStore.TokenStore);
    const builder = await new sdk.InitializeBuilder();
    expect(() => builder.store(store)).not.toThrow();
    // The check is real: a plain object is refused.
    expect(() => builder.store({})).toThrow();
  });
});
