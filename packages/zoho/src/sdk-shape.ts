/**
 * The parts of a Zoho CRM SDK module this package uses, described by shape so that one
 * implementation serves every SDK that has them: `@zohocrm/typescript-sdk-8.0` (CommonJS) and
 * `@zohocrm/nodejs-sdk-8.0` (ESM) today, and the other SDK majors, which share these classes.
 */

/** The SDK's `UserSignature`: the user a token belongs to (the SDKs set `email:zgid`). */
export interface SdkUserSignature {
  getName(): string | null | undefined;
}

/**
 * The SDK's `OAuthToken`, through its getters and setters. Getters return `null` or `undefined`
 * for an absent value (the SDKs use both); `expiresIn` is epoch milliseconds as a string.
 */
export interface SdkOAuthToken {
  getId(): string | null | undefined;
  setId(id: string | null): void;
  getUserSignature(): SdkUserSignature | null | undefined;
  setUserSignature(userSignature: SdkUserSignature | null): void;
  getClientId(): string | null | undefined;
  setClientId(clientId: string): void;
  getClientSecret(): string | null | undefined;
  setClientSecret(clientSecret: string): void;
  getRedirectURL(): string | null | undefined;
  setRedirectURL(redirectURL: string | null): void;
  getGrantToken(): string | null | undefined;
  setGrantToken(grantToken: string | null): void;
  getRefreshToken(): string | null | undefined;
  setRefreshToken(refreshToken: string | null): void;
  getAccessToken(): string | null | undefined;
  setAccessToken(accessToken: string | null): void;
  getExpiresIn(): string | number | null | undefined;
  setExpiresIn(expiresIn: string): void;
  getAPIDomain(): string | null | undefined;
  setAPIDomain(apiDomain: string | null): void;
}

/**
 * A Zoho CRM SDK module, as `import * as sdk from '@zohocrm/...'` or `require('@zohocrm/...')`
 * gives it. `TokenStore.TokenStore` is the base class the Node.js SDK checks stores against with
 * `instanceof`; the TypeScript SDK's `TokenStore` is a type only, so there it is absent at run time.
 */
export interface ZohoSdk<T extends SdkOAuthToken = SdkOAuthToken> {
  // Constructed with no arguments, as the SDKs' own stores do (`Reflect.construct(OAuthToken, [])`).
  readonly OAuthToken: new (
    ...args: never[]
  ) => T;
  readonly UserSignature: new (name: string) => SdkUserSignature;
  readonly SDKException: new (
    code: string | null,
    message: string | null,
    details?: Record<string, unknown> | null,
    cause?: unknown,
    // An Error at run time; typed as an object because the TypeScript SDK declares its `cause` private.
  ) => object;
  readonly TokenStore?: { readonly TokenStore?: new () => object } | undefined;
  /** The SDK's per-process configuration: where the bridge finds the accounts URL. */
  readonly Initializer?: { getInitializer(): Promise<SdkInitializer | null | undefined> };
  /** Maps a token's API domain to its data center's environment, as the SDK's `getToken` does. */
  readonly DataCenter?: { get(apiDomain: string): Promise<SdkEnvironment | null | undefined> };
}

/** The SDK's `Environment` (a data center): the CRM API URL and the accounts (token) URL. */
export interface SdkEnvironment {
  getUrl(): string;
  getAccountsUrl(): string;
}

/** The SDK's `Initializer`, as `Initializer.getInitializer()` gives it. */
export interface SdkInitializer {
  getEnvironment(): SdkEnvironment | null | undefined;
  getSDKConfig?(): { applyAPIDomainUpdate?(): boolean } | null | undefined;
}
