import { type StoredToken, type TokenStore, TokenStoreError } from '@tokenstore/core';
import { sdkError } from './sdk-error.js';
import type { SdkOAuthToken, ZohoSdk } from './sdk-shape.js';
import { fillSdkToken, lookupQueryOf, tokenInputOf } from './token-mapping.js';

/**
 * A tokenstore store as a Zoho CRM SDK `TokenStore`, called the way the SDKs call theirs
 * (`OAuthToken.getToken`, `OAuthToken.remove`, `Initializer`). Every error is the SDK's
 * `SDKException` with code `TOKEN_STORE` and the `TokenStoreError` as its `cause`.
 */
export interface ZohoTokenStore<T extends SdkOAuthToken = SdkOAuthToken> {
  /**
   * Looks up the stored token for the SDK token: by its id when it has one, else by the
   * tokenstore lookup rules (user signature; access token alone; client id with the grant token,
   * then with the refresh token). Fills the SDK token's absent fields in place (its own values
   * win, as in the SDK's stores) and returns it, or null when nothing is stored.
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
  /** Every stored token of the wrapped store, each as a new SDK `OAuthToken`. */
  getTokens(): Promise<T[]>;
  /** Removes every token of the wrapped store. */
  deleteTokens(): Promise<void>;
}

/** A class of {@link ZohoTokenStore}s for one SDK module: `new ZohoTokenStore(store)`. */
export type ZohoTokenStoreClass<T extends SdkOAuthToken = SdkOAuthToken> = new (
  store: TokenStore,
) => ZohoTokenStore<T>;

// One class per SDK, so every wrapper made for it is an instance of the same class. Keyed by the
// SDK's OAuthToken class, not the module object: CommonJS interop may hand out copies of that.
const classes = new WeakMap<object, unknown>();

function assertSdk(sdk: unknown): asserts sdk is ZohoSdk {
  const candidate = sdk as Partial<Record<keyof ZohoSdk, unknown>> | null | undefined;
  if (
    typeof candidate?.OAuthToken !== 'function' ||
    typeof candidate.UserSignature !== 'function' ||
    typeof candidate.SDKException !== 'function'
  ) {
    throw new TypeError(
      'expected a Zoho CRM SDK module with OAuthToken, UserSignature and SDKException, such as ' +
        "`import * as ZOHOCRMSDK from '@zohocrm/nodejs-sdk-8.0'`",
    );
  }
}

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
 */
export function zohoTokenStoreClass<T extends SdkOAuthToken>(
  sdk: ZohoSdk<T>,
): ZohoTokenStoreClass<T> {
  assertSdk(sdk);
  const cached = classes.get(sdk.OAuthToken) as ZohoTokenStoreClass<T> | undefined;
  if (cached !== undefined) return cached;

  const Base: new () => object = sdk.TokenStore?.TokenStore ?? Object;

  /** Rejects with the SDK's exception, never leaving a bare driver error to the SDK. */
  async function run<R>(operation: string, body: () => Promise<R>): Promise<R> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof sdk.SDKException) throw error;
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
    fillSdkToken(token, stored, (name) => new sdk.UserSignature(name));
    return token;
  };

  class ZohoTokenStoreImpl extends Base implements ZohoTokenStore<T> {
    readonly #store: TokenStore;

    constructor(store: TokenStore) {
      super();
      assertStore(store);
      this.#store = store;
    }

    findToken(token: T): Promise<T | null> {
      return run('findToken', async () => {
        assertToken(token, 'findToken');
        const query = lookupQueryOf(token);
        let stored: StoredToken | null;
        if (query.id !== undefined && query.id !== null && query.id !== '') {
          stored = await this.#store.findTokenById(query.id);
        } else {
          stored = await this.#store.findToken(query);
          // The SDKs match a grant token or a refresh token; tokenstore's rule takes the grant token
          // when there is one. A configuration that kept an old grant token beside its refresh
          // token still finds its stored token through the refresh token.
          if (stored === null && !isBlank(query.grantToken) && !isBlank(query.refreshToken)) {
            stored = await this.#store.findToken({ ...query, grantToken: null });
          }
        }
        if (stored === null) return null;
        fillSdkToken(token, stored, (name) => new sdk.UserSignature(name));
        return token;
      });
    }

    findTokenById(id: string): Promise<T> {
      return run('findTokenById', async () => {
        const stored = await this.#store.findTokenById(id);
        if (stored === null) throw sdkError(sdk, `findTokenById: no token with id ${quote(id)}`);
        return sdkTokenOf(stored);
      });
    }

    saveToken(token: T): Promise<void> {
      return run('saveToken', async () => {
        assertToken(token, 'saveToken');
        const stored = await this.#store.saveToken(tokenInputOf(token));
        token.setId(stored.id);
        fillSdkToken(token, stored, (name) => new sdk.UserSignature(name));
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
      return run('getTokens', async () => (await this.#store.getTokens()).map(sdkTokenOf));
    }

    deleteTokens(): Promise<void> {
      return run('deleteTokens', () => this.#store.deleteTokens());
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
): ZohoTokenStore<T> {
  return new (zohoTokenStoreClass(sdk))(store);
}

function isBlank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/** An id for a message: ids are not secrets, but a caller's value may be any length. */
function quote(id: unknown): string {
  const text = JSON.stringify(String(id));
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
}
