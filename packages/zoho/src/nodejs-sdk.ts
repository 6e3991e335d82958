/**
 * `@tokenstore/zoho/nodejs-sdk`: a tokenstore store as the `TokenStore` of
 * `@zohocrm/nodejs-sdk-8.0` (ESM; from CommonJS it needs Node's `require()` of ES modules).
 *
 * ```js
 * import * as ZOHOCRMSDK from '@zohocrm/nodejs-sdk-8.0';
 * import { SqliteTokenStore } from '@tokenstore/store-sqlite';
 * import { ZohoTokenStore } from '@tokenstore/zoho/nodejs-sdk';
 *
 * const store = new ZohoTokenStore(new SqliteTokenStore({ filename: './tokens.db' }));
 * await (await new ZOHOCRMSDK.InitializeBuilder()).environment(environment).token(token).store(store).initialize();
 * ```
 */
import type { TokenStore } from '@tokenstore/core';
import * as sdk from '@zohocrm/nodejs-sdk-8.0';
import type { ZohoTokenStoreOptions } from './options.js';
import type { SdkOAuthToken } from './sdk-shape.js';
import { type ZohoTokenStore as Wrapper, zohoTokenStoreClass } from './zoho-token-store.js';

/**
 * A tokenstore store as the Node.js SDK's `TokenStore` (over its `OAuthToken`). It extends the
 * SDK's `TokenStore.TokenStore`, as `InitializeBuilder.store()` requires.
 */
export type { ZohoTokenStoreOptions } from './options.js';
export type ZohoTokenStore = Wrapper<SdkOAuthToken>;

/**
 * `new ZohoTokenStore(store, options?)`: the tokenstore `store` as the SDK's `TokenStore`, with
 * refreshes and grant exchanges coordinated across processes (see {@link ZohoTokenStoreOptions}).
 */
export const ZohoTokenStore: new (
  store: TokenStore,
  options?: ZohoTokenStoreOptions,
) => ZohoTokenStore = zohoTokenStoreClass(sdk);
