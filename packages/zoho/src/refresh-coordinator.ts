import {
  isTokenStoreError,
  type RefreshContext,
  type RefreshedToken,
  type StoredToken,
  type TokenInput,
  TokenRefresher,
  type TokenStore,
} from '@tokenstore/core';
import { AccountsError, type IssuedTokens, requestTokens } from './accounts-client.js';
import type { ResolvedOptions } from './options.js';
import { accountsTargetOf } from './sdk-environment.js';
import type { ZohoSdk } from './sdk-shape.js';

/** What the SDK's `getToken` would do with a stored token handed to it as it is. */
export type SdkAction = 'use' | 'refresh' | 'exchange';

/**
 * The token requests of the Zoho SDKs, made by the bridge under core's `TokenRefresher` (one
 * lease per token across every process that shares the lease store) so that the SDK always
 * gets a token it will not refresh: at most one refresh per token per expiry and one exchange
 * per grant token, however many processes and concurrent calls want it.
 */
export class RefreshCoordinator {
  readonly #sdk: ZohoSdk;
  readonly #store: TokenStore;
  readonly #minValidityMs: number;
  readonly #refresher: TokenRefresher;

  constructor(sdk: ZohoSdk, store: TokenStore, options: ResolvedOptions) {
    this.#sdk = sdk;
    this.#store = store;
    this.#minValidityMs = options.minValidityMs;
    this.#refresher = new TokenRefresher(store, (token, context) => this.#request(token, context), {
      minValidityMs: options.minValidityMs,
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.waitTimeoutMs === undefined ? {} : { waitTimeoutMs: options.waitTimeoutMs }),
      ...(options.leaseStore === undefined ? {} : { leaseStore: options.leaseStore }),
      ...(options.permanentFailureTtlMs === undefined
        ? {}
        : { permanentFailureTtlMs: options.permanentFailureTtlMs }),
      ...(options.onUnsavedRefresh === undefined
        ? {}
        : { onUnsavedRefresh: options.onUnsavedRefresh }),
      // A refused refresh token stays refused; a refused grant token's placeholder is removed
      // (see #exchange), so there is no token version left to remember the failure for.
      isPermanent: (error) => error instanceof AccountsError && error.permanent,
    });
  }

  /** True when the SDK is initialized, so the bridge knows where token requests go. */
  async canRequest(apiDomain: string | undefined): Promise<boolean> {
    return (await accountsTargetOf(this.#sdk, apiDomain)) !== undefined;
  }

  /** What the SDK would do with `stored`: the bridge steps in for `refresh` and `exchange`. */
  actionFor(stored: StoredToken, now = Date.now()): SdkAction {
    if (stored.clientId === undefined || stored.clientSecret === undefined) return 'use';
    if (stored.accessToken === undefined) {
      if (stored.refreshToken !== undefined) return 'refresh';
      return stored.grantToken !== undefined ? 'exchange' : 'use';
    }
    const expiresAt = stored.expiresAt;
    if (expiresAt === undefined || expiresAt <= 0 || stored.refreshToken === undefined)
      return 'use';
    return expiresAt - now < this.#minValidityMs ? 'refresh' : 'use';
  }

  /** `stored` with an access token the SDK will use as it is: refreshed here or elsewhere. */
  validToken(stored: StoredToken): Promise<StoredToken> {
    return this.#refresher.getValidToken({ id: stored.id });
  }

  /**
   * Makes the first token request of a configured token nobody has stored yet (exchanging its
   * grant token, or refreshing its refresh token), once across every process: a placeholder
   * token (client and credential only) is inserted if absent, and the request runs under its
   * refresh lease; processes that lose the insert wait for the holder's result.
   */
  async exchange(grant: TokenInput): Promise<StoredToken> {
    let placeholder: StoredToken | null;
    try {
      placeholder = await this.#store.saveToken(grant, { expectedVersion: 0 });
    } catch (error) {
      if (
        !isTokenStoreError(error, 'VERSION_CONFLICT') &&
        !isTokenStoreError(error, 'DUPLICATE_KEY')
      ) {
        throw error;
      }
      placeholder = await this.#store.findToken(grant);
      if (placeholder === null) throw error;
    }
    return this.validToken(placeholder);
  }

  async #request(token: StoredToken, { signal }: RefreshContext): Promise<RefreshedToken> {
    const target = await accountsTargetOf(this.#sdk, token.apiDomain);
    const { clientId, clientSecret, refreshToken, grantToken } = token;
    if (target === undefined) {
      throw new AccountsError('the Zoho SDK is not initialized: no accounts URL', undefined, false);
    }
    if (clientId === undefined || clientSecret === undefined) {
      throw new AccountsError('the token has no client id and secret', undefined, true);
    }
    if (refreshToken !== undefined) {
      const issued = await requestTokens(
        target.accountsUrl,
        { grantType: 'refresh_token', clientId, clientSecret, refreshToken },
        signal,
      );
      return refreshed(issued, target.applyApiDomainUpdate ? issued.apiDomain : undefined);
    }
    if (grantToken === undefined) {
      throw new AccountsError('the token has no refresh token and no grant token', undefined, true);
    }
    let issued: IssuedTokens;
    try {
      issued = await requestTokens(
        target.accountsUrl,
        {
          grantType: 'authorization_code',
          clientId,
          clientSecret,
          code: grantToken,
          redirectUrl: token.redirectUrl,
        },
        signal,
      );
    } catch (error) {
      // A grant token is single-use: whatever went wrong, nothing is kept of it, as with the
      // SDK's own stores. Waiting processes then find no token and fail too, without a request.
      await this.#store.deleteToken(token.id).catch(() => false);
      // Not permanent for the lease: a failure record would name a token that no longer exists.
      if (error instanceof AccountsError && error.permanent) {
        throw new AccountsError(error.message, error.error, false, error.cause);
      }
      throw error;
    }
    const apiDomain =
      token.apiDomain ??
      (target.applyApiDomainUpdate ? issued.apiDomain : undefined) ??
      target.environmentUrl;
    return refreshed(issued, apiDomain);
  }
}

function refreshed(issued: IssuedTokens, apiDomain: string | undefined): RefreshedToken {
  return {
    accessToken: issued.accessToken,
    expiresAt: issued.expiresAt,
    ...(issued.refreshToken === undefined ? {} : { refreshToken: issued.refreshToken }),
    ...(apiDomain === undefined ? {} : { apiDomain }),
  };
}
