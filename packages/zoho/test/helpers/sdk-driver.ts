import type { TokenStore } from '@tokenstore/core';
import type { SdkOAuthToken, ZohoTokenStore, ZohoTokenStoreOptions } from '../../src/index.js';
import type { FakeZoho } from './fake-zoho.js';

/** How an application configures its token (what it passes to the SDK's OAuthBuilder). */
export interface TokenConfig {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly grantToken?: string;
  readonly refreshToken?: string;
  readonly accessToken?: string;
  readonly id?: string;
  readonly userName?: string;
  /** OAuthBuilder.findUser: look the user up (GET users, GET org) before the first save. */
  readonly findUser?: boolean;
}

/** An SDK's OAuthToken with the methods the tests call. */
export type SdkToken = SdkOAuthToken & { remove(): Promise<boolean | undefined> };

/** What one GET /crm/v8/org through the SDK returned. */
export interface OrgResult {
  readonly status: number;
  readonly companyName: string | undefined;
}

/**
 * One Zoho CRM SDK, driven as an application drives it: OAuthBuilder, InitializeBuilder with our
 * store and an environment on the fake server, then an API call.
 */
export interface SdkDriver {
  readonly name: string;
  /** `new ZohoTokenStore(store, options)` from this SDK's entry of @tokenstore/zoho. */
  wrap(store: TokenStore, options?: ZohoTokenStoreOptions): ZohoTokenStore<SdkToken>;
  /** The SDK's OAuthBuilder(...).build(). */
  token(config: TokenConfig): SdkToken;
  /** A fresh SDK OAuthToken, as the SDK's stores construct one (`Reflect.construct`, no args). */
  emptyToken(): SdkToken;
  /**
   * Forgets the SDK's per-process cache of initializers (`Initializer.LOCAL`), as a new process
   * starts without it. Needed because @zohocrm/nodejs-sdk-8.0 2.0.0 cannot initialize a second
   * time in one process with a token that has only a grant token or only an id: its
   * `Initializer.getEncodedKey` then calls `toUTF8Array(undefined)` (it does so with its own
   * FileStore too).
   */
  startProcess(): void;
  /** InitializeBuilder().environment(fake zoho).token(token).store(store).initialize(). */
  initialize(options: InitializeOptions): Promise<void>;
  /** Org.OrgOperations().getOrganization(): one real API request through the SDK. */
  getOrganization(): Promise<OrgResult>;
  /** The SDK's SDKException class, for instanceof checks. */
  readonly SDKException: abstract new (
    ...args: never[]
  ) => object;
  /** The SDK's OAuthToken class, for instanceof checks. */
  readonly OAuthToken: abstract new (
    ...args: never[]
  ) => object;
}

export interface InitializeOptions {
  readonly zoho: FakeZoho;
  readonly token: SdkToken;
  readonly store: object;
  /** The SDK's resource path (where it may cache field metadata): a temp dir. */
  readonly resourcePath: string;
}
