import {
  isAbsent,
  isRefreshError,
  isRefreshLease,
  type StoredToken,
  type TokenInput,
  type TokenStore,
  TokenStoreError,
} from '@tokenstore/core';
import { type ResolvedOptions, resolveOptions, type ZohoTokenStoreOptions } from './options.js';
import { RefreshCoordinator } from './refresh-coordinator.js';
import { refreshError, sdkError } from './sdk-error.js';
import type { SdkOAuthToken, ZohoSdk } from './sdk-shape.js';
import { assertSupportedSdk } from './sdk-support.js';
import { fillSdkToken, lookupQueryOf, putRefreshed, tokenInputOf } from './token-mapping.js';

/**
 * A tokenstore store as a Zoho CRM SDK `TokenStore`, called the way the SDKs call theirs
 * (`OAuthToken.getToken`, `OAuthToken.remove`, `Initializer`). Every error is the SDK's
 * `SDKException` with code `TOKEN_STORE` (a store failure) or `INVALID TOKEN ERROR` (a token
 * request the accounts server refused, as the SDK's own), with the tokenstore error as `cause`.
 */
export interface ZohoTokenStore<T extends SdkOAuthToken = SdkOAuthToken> {
  /**
   * Looks up the stored token for the SDK token: by its id when it has one, else by the
   * tokenstore lookup rules (user signature; access token alone; client id with the grant token,
   * then with the refresh token). Fills the SDK token's absent fields in place (its own values
   * win, as in the SDK's stores) and returns it, or null when nothing is stored. With
   * `coordinateRefresh` (the default) an expiring token is refreshed first, and a grant token
   * nobody stored yet is exchanged, once across every process sharing the store.
   */
  findToken(token: T): Promise<T | null>;
  /** A new SDK `OAuthToken` holding the stored token with this id; throws when there is none. */
  findTokenById(id: string): Promise<T>;
  /**
   * Saves the SDK token (inserting, or merging into the token its id or lookup key names), then
   * sets the stored id on it and fills its absent fields from what is stored.
   */
  saveToken(token: T): Promise<void>;
  /** Removes the token with this id; throws when there is none, as the SDK's FileStore does. */
  deleteToken(id: string): Promise<void>;
  /** Every stored token of the wrapped store (not refresh leases), each a new SDK `OAuthToken`. */
  getTokens(): Promise<T[]>;
  /** Removes every token of the wrapped store. */
  deleteTokens(): Promise<void>;
  /**
   * Closes the wrapped store (and the `leaseStore` option), unless `keepStoreOpen` was set.
   * Idempotent. Call it when the application is done with the SDK: an open Redis or MongoDB
   * connection keeps Node.js running.
   */
  close(): Promise<void>;
}

/** A class of {@link ZohoTokenStore}s for one SDK module: `new ZohoTokenStore(store, options?)`. */
export type ZohoTokenStoreClass<T extends SdkOAuthToken = SdkOAuthToken> = new (
  store: TokenStore,
  options?: ZohoTokenStoreOptions,
) => ZohoTokenStore<T>;

// One class per SDK, so every wrapper made for it is an instance of the same class. Keyed by the
// SDK's OAuthToken class, not the module object: CommonJS interop may hand out copies of that.
const classes = new WeakMap<object, unknown>();

function assertStore(store: unknown): asserts store is TokenStore {
  const candidate = store as Partial<Record<keyof TokenStore, unknown>> | null | undefined;
  for (const method of ['findToken', 'findTokenById', 'saveToken', 'deleteToken', 'getTokens']) {
    if (typeof candidate?.[method as keyof TokenStore] !== 'function') {
      throw new TypeError(`expected a tokenstore TokenStore (it has no ${method} method)`);
    }
  }
}

/**
 * The {@link ZohoTokenStore} class for an SDK module. For the Node.js SDK it extends the SDK's
 * `TokenStore.TokenStore`, which `InitializeBuilder.store()` requires its stores to be instances of.
 *
 * @throws {TypeError} for a module that is not a supported Zoho CRM SDK (the 2.x lines included).
 */
export function zohoTokenStoreClass<T extends SdkOAuthToken>(
  sdk: ZohoSdk<T>,
): ZohoTokenStoreClass<T> {
  assertSupportedSdk(sdk);
  const cached = classes.get(sdk.OAuthToken) as ZohoTokenStoreClass<T> | undefined;
  if (cached !== undefined) return cached;

  const Base: new () => object = sdk.TokenStore?.TokenStore ?? Object;
  const newUserSignature = (name: string) => new sdk.UserSignature(name);

  /** Rejects with the SDK's exception, never leaving a bare driver error to the SDK. */
  async function run<R>(operation: string, body: () => Promise<R>): Promise<R> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof sdk.SDKException) throw error;
      if (isRefreshError(error)) throw refreshError(sdk, error);
      throw sdkError(sdk, operation, error);
    }
  }

  function assertToken(token: unknown, operation: string): asserts token is T {
    if (!(token instanceof sdk.OAuthToken)) {
      throw sdkError(
        sdk,
        operation,
        new TokenStoreError('INVALID_TOKEN', `${operation} expects an OAuthToken of this SDK`),
      );
    }
  }

  const sdkTokenOf = (stored: StoredToken): T => {
    const token = new sdk.OAuthToken();
    fillSdkToken(token, stored, newUserSignature);
    return token;
  };

  class ZohoTokenStoreImpl extends Base implements ZohoTokenStore<T> {
    readonly #store: TokenStore;
    readonly #options: ResolvedOptions;
    readonly #coordinator: RefreshCoordinator | undefined;
    /**
     * SDK tokens handed over without their id so that the SDK saves them (with its user
     * lookup) after a first request made by the bridge: the stored id their save belongs to.
     */
    readonly #pendingIds = new WeakMap<object, string>();
    #closed: Promise<void> | undefined;

    constructor(store: TokenStore, options?: ZohoTokenStoreOptions) {
      super();
      assertStore(store);
      this.#store = store;
      this.#options = resolveOptions(options);
      this.#coordinator = this.#options.coordinateRefresh
        ? new RefreshCoordinator(sdk, store, this.#options)
        : undefined;
    }

    findToken(token: T): Promise<T | null> {
      return run('findToken', async () => {
        assertToken(token, 'findToken');
        const query = lookupQueryOf(token);
        if (!isAbsent(query.id)) {
          const stored = await this.#store.findTokenById(query.id as string);
          if (stored === null) return null;
          fillSdkToken(token, await this.#valid(stored), newUserSignature);
          return token;
        }
        let stored = await this.#store.findToken(query);
        // The SDKs match a grant token or a refresh token; tokenstore's rule takes the grant token
        // when there is one. A configuration that kept an old grant token beside its refresh
        // token still finds its stored token through the refresh token.
        if (stored === null && !isAbsent(query.grantToken) && !isAbsent(query.refreshToken)) {
          stored = await this.#store.findToken({ ...query, grantToken: null });
        }
        const coordinator = this.#coordinator;
        // A token the application configured with its own access token is used as it is.
        const coordinate = coordinator !== undefined && isAbsent(token.getAccessToken());
        if (stored === null) {
          if (!coordinate || !isFirstRequest(query)) return null;
          if (!(await coordinator.canRequest(undefined))) return null;
          this.#handOverUnsaved(token, await coordinator.exchange(placeholderOf(query)));
          return token;
        }
        if (!coordinate || coordinator.actionFor(stored) === 'use') {
          fillSdkToken(token, stored, newUserSignature);
          return token;
        }
        if (!(await coordinator.canRequest(stored.apiDomain))) {
          fillSdkToken(token, stored, newUserSignature);
          return token;
        }
        // A token that never had an access token (a placeholder) gets the SDK's first save.
        const first = stored.accessToken === undefined;
        const valid = await coordinator.validToken(stored);
        if (first) this.#handOverUnsaved(token, valid);
        else putRefreshed(token, valid, newUserSignature);
        return token;
      });
    }

    findTokenById(id: string): Promise<T> {
      return run('findTokenById', async () => {
        const stored = await this.#store.findTokenById(id);
        if (stored === null) throw sdkError(sdk, `findTokenById: no token with id ${quote(id)}`);
        return sdkTokenOf(await this.#valid(stored));
      });
    }

    saveToken(token: T): Promise<void> {
      return run('saveToken', async () => {
        assertToken(token, 'saveToken');
        const input = tokenInputOf(token);
        const pending = this.#pendingIds.get(token);
        if (isAbsent(input.id) && pending !== undefined) input.id = pending;
        const stored = await this.#store.saveToken(input);
        this.#pendingIds.delete(token);
        token.setId(stored.id);
        fillSdkToken(token, stored, newUserSignature);
      });
    }

    deleteToken(id: string): Promise<void> {
      return run('deleteToken', async () => {
        if (!(await this.#store.deleteToken(id))) {
          throw sdkError(sdk, `deleteToken: no token with id ${quote(id)}`);
        }
      });
    }

    getTokens(): Promise<T[]> {
      return run('getTokens', async () =>
        (await this.#store.getTokens()).filter((token) => !isRefreshLease(token)).map(sdkTokenOf),
      );
    }

    deleteTokens(): Promise<void> {
      return run('deleteTokens', () => this.#store.deleteTokens());
    }

    close(): Promise<void> {
      this.#closed ??= run('close', async () => {
        if (this.#options.keepStoreOpen) return;
        const leaseStore = this.#options.leaseStore;
        await Promise.all([
          this.#store.close(),
          leaseStore !== undefined && leaseStore !== this.#store ? leaseStore.close() : undefined,
        ]);
      });
      return this.#closed;
    }

    /** `stored`, refreshed first under the lease when the SDK would refresh it. */
    async #valid(stored: StoredToken): Promise<StoredToken> {
      const coordinator = this.#coordinator;
      if (coordinator === undefined || coordinator.actionFor(stored) === 'use') return stored;
      if (!(await coordinator.canRequest(stored.apiDomain))) return stored;
      return coordinator.validToken(stored);
    }

    /**
     * Puts the token of a first request (an exchange or a refresh of a configured refresh token,
     * made here or in another process) on the SDK token without its id and expiry: the SDK then
     * saves it as after its own request, looking the user up first (`findUser`), and the save
     * lands on the stored token (see #pendingIds).
     */
    #handOverUnsaved(token: T, valid: StoredToken): void {
      const { id, expiresAt: _expiresAt, ...fields } = valid;
      if (valid.accessToken !== undefined) token.setAccessToken(valid.accessToken);
      fillSdkToken(token, fields, newUserSignature);
      this.#pendingIds.set(token, id);
    }
  }
  Object.defineProperty(ZohoTokenStoreImpl, 'name', { value: 'ZohoTokenStore' });

  classes.set(sdk.OAuthToken, ZohoTokenStoreImpl);
  return ZohoTokenStoreImpl;
}

/**
 * Wraps a tokenstore store for an SDK module, e.g.
 * `createZohoTokenStore(ZOHOCRMSDK, new SqliteTokenStore({ filename: 'tokens.db' }))`.
 * The subpath entries `@tokenstore/zoho/typescript-sdk` and `/nodejs-sdk` do this for you.
 */
export function createZohoTokenStore<T extends SdkOAuthToken>(
  sdk: ZohoSdk<T>,
  store: TokenStore,
  options?: ZohoTokenStoreOptions,
): ZohoTokenStore<T> {
  return new (zohoTokenStoreClass(sdk))(store, options);
}

/**
 * A configured token nobody stored yet, for which the SDK would make its first token request:
 * a client with a grant token (an exchange) or a refresh token (a refresh), no access token.
 */
function isFirstRequest(query: TokenInput): boolean {
  return (
    !isAbsent(query.clientId) &&
    !isAbsent(query.clientSecret) &&
    (!isAbsent(query.grantToken) || !isAbsent(query.refreshToken)) &&
    isAbsent(query.accessToken)
  );
}

/** The placeholder of a first request: the configured client, credential and user. */
function placeholderOf(query: TokenInput): TokenInput {
  const { clientId, clientSecret, grantToken, refreshToken, redirectUrl, userName } = query;
  return { clientId, clientSecret, grantToken, refreshToken, redirectUrl, userName };
}

/** An id for a message: ids are not secrets, but a caller's value may be any length. */
function quote(id: unknown): string {
  const text = JSON.stringify(String(id));
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
}
