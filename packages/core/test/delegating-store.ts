import type {
  SaveOptions,
  StoredToken,
  TokenInput,
  TokenStore,
  TokensOptions,
} from '../src/index.js';

/** A store that forwards every call: broken stores override the one behaviour they break. */
export class DelegatingStore implements TokenStore {
  constructor(protected readonly inner: TokenStore) {}
  findToken(query: TokenInput): Promise<StoredToken | null> {
    return this.inner.findToken(query);
  }
  findTokenById(id: string): Promise<StoredToken | null> {
    return this.inner.findTokenById(id);
  }
  saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    return this.inner.saveToken(token, options);
  }
  deleteToken(id: string): Promise<boolean> {
    return this.inner.deleteToken(id);
  }
  getTokens(): Promise<StoredToken[]> {
    return this.inner.getTokens();
  }
  tokens(options?: TokensOptions): AsyncIterable<StoredToken> {
    return this.inner.tokens(options);
  }
  deleteTokens(): Promise<void> {
    return this.inner.deleteTokens();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
