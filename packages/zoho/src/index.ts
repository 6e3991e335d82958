/**
 * Any tokenstore store as the `TokenStore` of the Zoho CRM SDKs. Most applications import a
 * subpath: `@tokenstore/zoho/typescript-sdk` (for `@zohocrm/typescript-sdk-8.0`) or
 * `@tokenstore/zoho/nodejs-sdk` (for `@zohocrm/nodejs-sdk-8.0`). This entry serves any SDK module
 * with the same classes, through {@link createZohoTokenStore}.
 */
export { expiresAtToExpiresIn, expiresInToExpiresAt } from './expires-in.js';
export type { ZohoTokenStoreOptions } from './options.js';
export { SDK_INVALID_TOKEN_CODE, SDK_TOKEN_STORE_CODE } from './sdk-error.js';
export type {
  SdkEnvironment,
  SdkInitializer,
  SdkOAuthToken,
  SdkUserSignature,
  ZohoSdk,
} from './sdk-shape.js';
export { SUPPORTED_SDK_LINES } from './sdk-support.js';
export {
  createZohoTokenStore,
  type ZohoTokenStore,
  type ZohoTokenStoreClass,
  zohoTokenStoreClass,
} from './zoho-token-store.js';
