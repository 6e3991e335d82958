import * as sdk from '@zohocrm/typescript-sdk-8.0';
import { ZohoTokenStore } from '../../src/typescript-sdk.js';
import type { SdkDriver, TokenConfig } from './sdk-driver.js';

function build(config: TokenConfig): sdk.OAuthToken {
  let builder = new sdk.OAuthBuilder();
  if (config.clientId !== undefined) builder = builder.clientId(config.clientId);
  if (config.clientSecret !== undefined) builder = builder.clientSecret(config.clientSecret);
  if (config.grantToken !== undefined) builder = builder.grantToken(config.grantToken);
  if (config.refreshToken !== undefined) builder = builder.refreshToken(config.refreshToken);
  if (config.accessToken !== undefined) builder = builder.accessToken(config.accessToken);
  if (config.id !== undefined) builder = builder.id(config.id);
  if (config.userName !== undefined) {
    builder = builder.userSignature(new sdk.UserSignature(config.userName));
  }
  if (config.findUser !== undefined) builder = builder.findUser(config.findUser);
  return builder.build();
}

/** @zohocrm/typescript-sdk-8.0 (CommonJS, typed). */
export const typescriptSdk: SdkDriver = {
  name: '@zohocrm/typescript-sdk-8.0',
  wrap: (store, options) => new ZohoTokenStore(store, options),
  token: build,
  emptyToken: () => Reflect.construct(sdk.OAuthToken, []) as sdk.OAuthToken,
  startProcess() {
    (sdk.Initializer as unknown as { LOCAL: Map<unknown, unknown> }).LOCAL.clear();
  },
  async initialize({ zoho, token, store, resourcePath }) {
    if (!(token instanceof sdk.OAuthToken)) throw new TypeError("not this SDK's OAuthToken");
    const environment = new sdk.Environment(zoho.url, zoho.tokenUrl, zoho.url);
    await new sdk.InitializeBuilder()
      .environment(environment)
      .token(token)
      .store(store as sdk.TokenStore.TokenStore)
      .resourcePath(resourcePath)
      .initialize();
  },
  async getOrganization() {
    const response = await new sdk.Org.OrgOperations().getOrganization();
    const object = response.getObject();
    const companyName =
      object instanceof sdk.Org.ResponseWrapper ? object.getOrg()[0]?.getCompanyName() : undefined;
    return { status: response.getStatusCode(), companyName };
  },
  SDKException: sdk.SDKException,
  OAuthToken: sdk.OAuthToken,
};
