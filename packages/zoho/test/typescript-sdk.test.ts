import { MemoryTokenStore } from '@tokenstore/store-memory';
import * as sdk from '@zohocrm/typescript-sdk-8.0';
import { describe, expect, it } from 'vitest';
import { ZohoTokenStore } from '../src/typescript-sdk.js';
import { describeSdkFlows } from './helpers/describe-sdk-flows.js';
import { sqliteStores } from './helpers/store-kinds.js';
import { tempDir } from './helpers/temp-dir.js';
import { typescriptSdk } from './helpers/typescript-sdk-driver.js';

const stores = sqliteStores(tempDir());
describeSdkFlows(typescriptSdk, () => stores, 'SQLite');

describe('@tokenstore/zoho/typescript-sdk', () => {
  it('is the SDK TokenStore type, accepted by InitializeBuilder.store()', () => {
    const store: sdk.TokenStore.TokenStore = new ZohoTokenStore(new MemoryTokenStore());
    expect(new sdk.InitializeBuilder().store(store)).toBeInstanceOf(sdk.InitializeBuilder);
  });
});
