import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RefreshedToken, StoredToken } from '../../src/index.js';

/** The OAuth error a real token endpoint answers with, as an HTTP client would throw it. */
export class OAuthError extends Error {
  constructor(readonly error: string) {
    super(`token endpoint answered ${error}`);
  }
}

/**
 * An in-process OAuth server with rotating refresh tokens: each refresh token works once, and a
 * used one presented again revokes the whole family, as real servers do.
 */
export class FakeAuthorizationServer {
  /** Refresh requests received. */
  calls = 0;
  /** Used refresh tokens presented again. */
  reuses = 0;
  revoked = false;
  #current = `r-${randomUUID()}`;
  readonly #used = new Set<string>();
  readonly #lifetimeMs: number;
  readonly #latencyMs: number;

  /**
   * @param lifetimeMs how long issued access tokens live
   * @param latencyMs how long each refresh takes, as a network round trip would: it gives
   *   concurrent callers the time to overlap
   */
  constructor(lifetimeMs = 3_600_000, latencyMs = 0) {
    this.#lifetimeMs = lifetimeMs;
    this.#latencyMs = latencyMs;
  }

  /** The refresh token the next refresh must present. */
  get currentRefreshToken(): string {
    return this.#current;
  }

  /** A refresh function for TokenRefresher, on this server. */
  readonly refresh = async (token: StoredToken): Promise<RefreshedToken> => {
    this.calls++;
    if (this.#latencyMs > 0) await sleep(this.#latencyMs);
    const presented = token.refreshToken ?? '';
    if (this.#used.has(presented)) {
      this.reuses++;
      this.revoked = true;
    }
    if (this.revoked || presented !== this.#current) throw new OAuthError('invalid_grant');
    this.#used.add(presented);
    this.#current = `r-${randomUUID()}`;
    return {
      accessToken: `a-${randomUUID()}`,
      refreshToken: this.#current,
      expiresAt: Date.now() + this.#lifetimeMs,
    };
  };
}
