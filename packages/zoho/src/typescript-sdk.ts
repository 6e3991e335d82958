/**
 * `@tokenstore/zoho/typescript-sdk`: a tokenstore store as the `TokenStore` of
 * `@zohocrm/typescript-sdk-8.0`.
 *
 * ```ts
 * import { InitializeBuilder } from '@zohocrm/typescript-sdk-8.0';
 * import { SqliteTokenStore } from '@tokenstore/store-sqlite';
 * import { ZohoTokenStore } from '@tokenstore/zoho/typescript-sdk';
 *
 * const store = new ZohoTokenStore(new SqliteTokenStore({ filename: './tokens.db' }));
 * await new InitializeBuilder().environment(environment).token(token).store(store).initialize();
 * ```
 */
import type { TokenStore } from '@tokenstore/core';
import * as sdk from '@zohocrm/typescript-sdk-8.0';
import type { ZohoTokenStoreOptions } from './options.js';
import { type ZohoTokenStore as Wrapper, zohoTokenStoreClass } from './zoho-token-store.js';

/** A tokenstore store as the TypeScript SDK's `TokenStore` (over its `OAuthToken`). */
export type { ZohoTokenStoreOptions } from './options.js';
export type ZohoTokenStore = Wrapper<sdk.OAuthToken>;

/**
 * `new ZohoTokenStore(store, options?)`: the tokenstore `store` as the SDK's `TokenStore`, with
 * refreshes and grant exchanges coordinated across processes (see {@link ZohoTokenStoreOptions}).
 */
export const ZohoTokenStore: new (
  store: TokenStore,
  options?: ZohoTokenStoreOptions,
) => ZohoTokenStore = zohoTokenStoreClass(sdk);
