import { inspect } from 'node:util';
import { MemoryTokenStore } from '@tokenstore/store-memory';
import * as nodejsSdk from '@zohocrm/nodejs-sdk-8.0';
import * as typescriptSdk from '@zohocrm/typescript-sdk-8.0';
import { describe, expect, it } from 'vitest';
import { createZohoTokenStore, type ZohoSdk, zohoTokenStoreClass } from '../src/index.js';
import { ZohoTokenStore as NodejsSdkTokenStore } from '../src/nodejs-sdk.js';
import { ZohoTokenStore as TypescriptSdkTokenStore } from '../src/typescript-sdk.js';

describe('createZohoTokenStore(sdk, store)', () => {
  it('makes one class per SDK module, the one the subpath entries export', () => {
    const store = new MemoryTokenStore();
    expect(createZohoTokenStore(nodejsSdk, store)).toBeInstanceOf(NodejsSdkTokenStore);
    expect(createZohoTokenStore(typescriptSdk, store)).toBeInstanceOf(TypescriptSdkTokenStore);
    expect(zohoTokenStoreClass(nodejsSdk)).toBe(NodejsSdkTokenStore);
    expect(NodejsSdkTokenStore).not.toBe(TypescriptSdkTokenStore);
    expect(NodejsSdkTokenStore.name).toBe('ZohoTokenStore');
  });

  it('extends the base class of an SDK that has one, and Object for one that has none', () => {
    const store = new MemoryTokenStore();
    expect(new NodejsSdkTokenStore(store)).toBeInstanceOf(nodejsSdk.TokenStore.TokenStore);
    expect(Object.getPrototypeOf(TypescriptSdkTokenStore.prototype)).toBe(Object.prototype);
  });

  it('refuses what is not an SDK module, with a message that says what to pass', () => {
    const notSdk = { default: nodejsSdk } as unknown as ZohoSdk;
    expect(() => createZohoTokenStore(notSdk, new MemoryTokenStore())).toThrow(
      /Zoho CRM SDK module/,
    );
    expect(() => zohoTokenStoreClass(undefined as unknown as ZohoSdk)).toThrow(TypeError);
  });

  it('refuses what is not a tokenstore store', () => {
    const notStore = { findToken() {} } as unknown as MemoryTokenStore;
    expect(() => new NodejsSdkTokenStore(notStore)).toThrow(/tokenstore TokenStore/);
  });

  it("hands onUnsavedRefresh to core's refresher, which refuses one that is not a function", () => {
    const store = new MemoryTokenStore();
    const options = { onUnsavedRefresh: 'log it' as never };
    expect(() => new NodejsSdkTokenStore(store, options)).toThrow(/onUnsavedRefresh/);
    expect(() => new NodejsSdkTokenStore(store, { onUnsavedRefresh: () => {} })).not.toThrow();
  });

  it('shows no secret of the wrapped store in util.inspect', async () => {
    const store = new MemoryTokenStore();
    await store.saveToken({ userName: 'ada', clientSecret: 'cs-SECRET', accessToken: 'at-SECRET' });
    const wrapped = new TypescriptSdkTokenStore(store);
    expect(inspect(wrapped, { depth: 10, showHidden: true })).not.toContain('SECRET');
  });
});
