import type { ZohoSdk } from './sdk-shape.js';

/** Where the SDK would send a token request for a token, and how it treats the answer. */
export interface AccountsTarget {
  readonly accountsUrl: string;
  /** The CRM API URL of the SDK's environment: the API domain of a token that names none. */
  readonly environmentUrl: string;
  /** Whether `api_domain` of an answer replaces the token's (the SDK config's flag). */
  readonly applyApiDomainUpdate: boolean;
}

/**
 * The accounts URL the SDK's `OAuthToken.getToken` would use for a token with `apiDomain`: the
 * data center of that domain (`DataCenter.get`) when it is a Zoho one, else the environment the
 * application initialized the SDK with. Undefined when the SDK is not initialized (the store is
 * used outside the SDK) or the module lacks these classes: the bridge then leaves refreshing to
 * the SDK.
 */
export async function accountsTargetOf(
  sdk: ZohoSdk,
  apiDomain: string | undefined,
): Promise<AccountsTarget | undefined> {
  if (sdk.Initializer === undefined || sdk.DataCenter === undefined) return undefined;
  const initializer = await sdk.Initializer.getInitializer();
  const environment = initializer?.getEnvironment();
  if (initializer == null || environment == null) return undefined;
  const domain = apiDomain ?? environment.getUrl();
  const dataCenter = await sdk.DataCenter.get(domain);
  return {
    accountsUrl: (dataCenter ?? environment).getAccountsUrl(),
    environmentUrl: environment.getUrl(),
    applyApiDomainUpdate: initializer.getSDKConfig?.()?.applyAPIDomainUpdate?.() === true,
  };
}
