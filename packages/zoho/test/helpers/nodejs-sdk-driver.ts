import * as sdk from '@zohocrm/nodejs-sdk-8.0';
import { ZohoTokenStore } from '../../src/nodejs-sdk.js';
import type { SdkDriver, SdkToken, TokenConfig } from './sdk-driver.js';

function build(config: TokenConfig): SdkToken {
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

/** @zohocrm/nodejs-sdk-8.0 (ESM, untyped: see test/types). */
export const nodejsSdk: SdkDriver = {
  name: '@zohocrm/nodejs-sdk-8.0',
  wrap: (store, options) => new ZohoTokenStore(store, options) as ReturnType<SdkDriver['wrap']>,
  token: build,
  emptyToken: () => Reflect.construct(sdk.OAuthToken, []) as SdkToken,
  startProcess() {
    (sdk.Initializer as unknown as { LOCAL: Map<unknown, unknown> }).LOCAL.clear();
  },
  async initialize({ zoho, token, store, resourcePath }) {
    const environment = new sdk.Environment(zoho.url, zoho.tokenUrl, zoho.url);
    // This SDK's InitializeBuilder constructor returns a Promise of the builder.
    const builder = await new sdk.InitializeBuilder();
    await builder
      .environment(environment)
      .token(token)
      .store(store)
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
