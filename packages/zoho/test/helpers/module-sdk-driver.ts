import type { TokenStore } from '@tokenstore/core';
import { createZohoTokenStore, type ZohoSdk, type ZohoTokenStoreOptions } from '../../src/index.js';
import type { SdkDriver, SdkToken, TokenConfig } from './sdk-driver.js';

/** What the tests use of any SDK line's module, loaded by name (several ship no types). */
interface LooseBuilder {
  clientId(value: string): LooseBuilder;
  clientSecret(value: string): LooseBuilder;
  grantToken(value: string): LooseBuilder;
  refreshToken(value: string): LooseBuilder;
  accessToken(value: string): LooseBuilder;
  id(value: string): LooseBuilder;
  userSignature(value: object): LooseBuilder;
  findUser(value: boolean): LooseBuilder;
  build(): SdkToken;
}
interface LooseInitialize {
  environment(environment: object): LooseInitialize;
  token(token: object): LooseInitialize;
  store(store: object): LooseInitialize;
  resourcePath(path: string): LooseInitialize;
  initialize(): Promise<void>;
}
export interface LooseSdk extends ZohoSdk<SdkToken> {
  OAuthBuilder: new () => LooseBuilder;
  Environment: new (url: string, accountsUrl: string, fileUploadUrl: string) => object;
  InitializeBuilder: new () => LooseInitialize | Promise<LooseInitialize>;
  Initializer: ZohoSdk['Initializer'] & { LOCAL: Map<unknown, unknown> };
  Org: {
    OrgOperations: new () => {
      getOrganization(): Promise<{ getStatusCode(): number; getObject(): unknown }>;
    };
    ResponseWrapper: abstract new (
      ...args: never[]
    ) => { getOrg(): { getCompanyName(): string }[] };
  };
}

/** Imports an SDK line's module by name (`@zohocrm/nodejs-sdk-7.0`, ...). */
export async function importSdk(name: string): Promise<LooseSdk> {
  return (await import(name)) as LooseSdk;
}

/** A driver for any supported SDK line, through `createZohoTokenStore(sdk, store)`. */
export function moduleSdkDriver(name: string, sdk: LooseSdk): SdkDriver {
  const build = (config: TokenConfig): SdkToken => {
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
  };
  return {
    name,
    wrap: (store: TokenStore, options?: ZohoTokenStoreOptions) =>
      createZohoTokenStore(sdk, store, options),
    token: build,
    emptyToken: () => Reflect.construct(sdk.OAuthToken, []) as SdkToken,
    startProcess() {
      sdk.Initializer.LOCAL.clear();
    },
    async initialize({ zoho, token, store, resourcePath }) {
      const environment = new sdk.Environment(zoho.url, zoho.tokenUrl, zoho.url);
      // The Node.js SDKs' InitializeBuilder constructor returns a Promise of the builder.
      await (await new sdk.InitializeBuilder())
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
        object instanceof sdk.Org.ResponseWrapper
          ? object.getOrg()[0]?.getCompanyName()
          : undefined;
      return { status: response.getStatusCode(), companyName };
    },
    SDKException: sdk.SDKException,
    OAuthToken: sdk.OAuthToken,
  };
}
