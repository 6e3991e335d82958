// What the tests use of @zohocrm/nodejs-sdk-8.0, which ships no types. Merges with the
// declaration in src/ (the few classes the package itself uses).
declare module '@zohocrm/nodejs-sdk-8.0' {
  type SdkToken = import('../helpers/sdk-driver.js').SdkToken;

  export class OAuthBuilder {
    clientId(clientId: string): OAuthBuilder;
    clientSecret(clientSecret: string): OAuthBuilder;
    grantToken(grantToken: string): OAuthBuilder;
    refreshToken(refreshToken: string): OAuthBuilder;
    accessToken(accessToken: string): OAuthBuilder;
    id(id: string): OAuthBuilder;
    userSignature(userSignature: object): OAuthBuilder;
    findUser(findUser: boolean): OAuthBuilder;
    build(): SdkToken;
  }
  export class Environment {
    constructor(url: string, accountsUrl: string, fileUploadUrl: string);
  }
  /** Its constructor returns a Promise of the builder. */
  export class InitializeBuilder {
    environment(environment: Environment): InitializeBuilder;
    token(token: SdkToken): InitializeBuilder;
    store(store: object): InitializeBuilder;
    resourcePath(resourcePath: string): InitializeBuilder;
    initialize(): Promise<void>;
  }
  export class Initializer {}
  export namespace Org {
    class Org {
      getCompanyName(): string | undefined;
    }
    class ResponseWrapper {
      getOrg(): Org[];
    }
    class OrgOperations {
      getOrganization(): Promise<{ getStatusCode(): number; getObject(): unknown }>;
    }
  }
}
