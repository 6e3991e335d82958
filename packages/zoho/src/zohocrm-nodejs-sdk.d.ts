// @zohocrm/nodejs-sdk-8.0 ships JavaScript without types: what this package uses of it.
declare module '@zohocrm/nodejs-sdk-8.0' {
  type ZohoSdk = import('./sdk-shape.js').ZohoSdk;
  export const OAuthToken: ZohoSdk['OAuthToken'];
  export const UserSignature: ZohoSdk['UserSignature'];
  export const SDKException: ZohoSdk['SDKException'];
  export const TokenStore: { readonly TokenStore: new () => object };
  export const Initializer: NonNullable<ZohoSdk['Initializer']>;
  export const DataCenter: NonNullable<ZohoSdk['DataCenter']>;
}
