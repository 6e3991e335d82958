import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from '@tokenstore/test-servers';

/** One request to the token endpoint, as the server understood it. */
export interface TokenRequest {
  readonly grantType: string;
  /** The grant token (authorization_code) or refresh token sent. */
  readonly credential: string;
  readonly clientId: string;
  /** False when the server answered with an error (unknown client, used grant, bad refresh). */
  readonly ok: boolean;
  /** When the server received it (epoch milliseconds). */
  readonly at: number;
}

/** One request to a CRM API, with the access token it carried. */
export interface ApiRequest {
  readonly path: string;
  readonly accessToken: string | undefined;
  readonly status: number;
}

/** What the fake servers know and answer. */
export interface FakeZohoOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The grant tokens the accounts server will exchange, each once (as Zoho's are). */
  readonly grantTokens: readonly string[];
  /** `email` of GET /crm/v8/users?type=CurrentUser. */
  readonly email: string;
  /** `zgid` of GET /crm/v8/org: the SDKs sign the user in as `email:zgid`. */
  readonly zgid: string;
}

/**
 * A fake Zoho accounts server (POST /oauth/v2/token: authorization_code and refresh_token grants)
 * and CRM API (GET /crm/v8/users, GET /crm/v8/org) on 127.0.0.1, over plain HTTP. It issues
 * access tokens with a lifetime set by {@link FakeZoho.accessTokenLifetimeSeconds}, and answers
 * API requests only for live access tokens it issued, as Zoho does (401 INVALID_TOKEN otherwise).
 */
export class FakeZoho {
  /** `http://127.0.0.1:PORT`: the CRM API URL and the API domain of issued tokens. */
  readonly url: string;
  /** The token endpoint, what the SDKs call the accounts URL. */
  readonly tokenUrl: string;
  readonly tokenRequests: TokenRequest[] = [];
  readonly apiRequests: ApiRequest[] = [];
  /** `expires_in` of the next access tokens issued. */
  accessTokenLifetimeSeconds = 3600;
  /**
   * How the token endpoint answers refresh requests: normally, with an OAuth error (as Zoho
   * does for a revoked refresh token or a wrong client), or by dropping the connection.
   */
  refreshAnswer: 'normal' | 'invalid_code' | 'invalid_client' | 'drop' = 'normal';
  /**
   * When set, code exchanges are answered only once this many have arrived (or `maxWaitMs` after
   * the first): processes that start together all look at the store before any can save, so a
   * run without coordination shows every exchange it would make, whatever the machine's load.
   */
  codeExchangeQuorum: { readonly requests: number; readonly maxWaitMs: number } | undefined;

  readonly #options: FakeZohoOptions;
  readonly #server: ReturnType<typeof createServer>;
  readonly #unusedGrants: Set<string>;
  readonly #refreshTokens = new Set<string>();
  readonly #accessTokenExpiry = new Map<string, number>();
  #issued = 0;
  #heldExchanges: { readonly waiters: (() => void)[]; readonly release: () => void } | undefined;

  private constructor(port: number, options: FakeZohoOptions) {
    this.url = `http://127.0.0.1:${port}`;
    this.tokenUrl = `${this.url}/oauth/v2/token`;
    this.#options = options;
    this.#unusedGrants = new Set(options.grantTokens);
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
  }

  /** Starts the servers on a free loopback port. */
  static async start(options: FakeZohoOptions): Promise<FakeZoho> {
    const port = await freePort();
    const zoho = new FakeZoho(port, options);
    await new Promise<void>((resolve, reject) => {
      zoho.#server.once('error', reject);
      zoho.#server.listen({ host: '127.0.0.1', port }, () => resolve());
    });
    return zoho;
  }

  /** The token endpoint's requests of one grant type (`authorization_code`, `refresh_token`). */
  grants(grantType: string): TokenRequest[] {
    return this.tokenRequests.filter((request) => request.grantType === grantType);
  }

  /** The access tokens issued so far, oldest first. */
  get issuedAccessTokens(): string[] {
    return [...this.#accessTokenExpiry.keys()];
  }

  /**
   * Issues a live access token outside the token endpoint, as a refresh made by another process
   * would have (it is not counted in {@link tokenRequests}).
   */
  issueAccessToken(): string {
    this.#issued += 1;
    const accessToken = `1000.access.${this.#issued}`;
    this.#accessTokenExpiry.set(accessToken, Date.now() + this.accessTokenLifetimeSeconds * 1000);
    return accessToken;
  }

  /** Makes an issued access token invalid, as a revocation or Zoho's own expiry would. */
  expireAccessToken(accessToken: string): void {
    this.#accessTokenExpiry.set(accessToken, 0);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', this.url);
    response.setHeader('content-type', 'application/json;charset=UTF-8');
    if (request.method === 'POST' && url.pathname === '/oauth/v2/token') {
      const form = await new Response(body, {
        headers: { 'content-type': request.headers['content-type'] ?? '' },
      }).formData();
      const field = (name: string) => {
        const value = form.get(name);
        return typeof value === 'string' ? value : '';
      };
      if (field('grant_type') === 'refresh_token' && this.refreshAnswer !== 'normal') {
        this.tokenRequests.push({
          grantType: 'refresh_token',
          credential: field('refresh_token'),
          clientId: field('client_id'),
          ok: false,
          at: Date.now(),
        });
        if (this.refreshAnswer === 'drop') response.socket?.destroy();
        else response.end(JSON.stringify({ error: this.refreshAnswer }));
        return;
      }
      if (field('grant_type') === 'authorization_code') await this.#awaitQuorum();
      response.end(JSON.stringify(this.#token(field)));
      return;
    }
    // Every API version the SDK lines call (v6, v7, v8) gets the same answers.
    if (request.method === 'GET' && /^\/crm\/v\d+\//.test(url.pathname)) {
      this.#api(url.pathname, request.headers.authorization, response);
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ code: 'INVALID_URL_PATTERN', status: 'error' }));
  }

  /** Resolves once {@link codeExchangeQuorum} is reached or its wait is over (at once if unset). */
  #awaitQuorum(): Promise<void> {
    const quorum = this.codeExchangeQuorum;
    if (quorum === undefined) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let held = this.#heldExchanges;
      if (held === undefined) {
        const release = () => {
          this.#heldExchanges = undefined;
          clearTimeout(timer);
          for (const waiter of waiters) waiter();
        };
        const waiters: (() => void)[] = [];
        const timer = setTimeout(release, quorum.maxWaitMs);
        held = { waiters, release };
        this.#heldExchanges = held;
      }
      held.waiters.push(resolve);
      if (held.waiters.length >= quorum.requests) held.release();
    });
  }

  #token(field: (name: string) => string): Record<string, unknown> {
    const grantType = field('grant_type');
    const clientId = field('client_id');
    const credential = grantType === 'authorization_code' ? field('code') : field('refresh_token');
    const clientOk =
      clientId === this.#options.clientId && field('client_secret') === this.#options.clientSecret;
    let ok = false;
    let refreshToken: string | undefined;
    if (clientOk && grantType === 'authorization_code' && this.#unusedGrants.delete(credential)) {
      ok = true;
      refreshToken = `1000.refresh.${credential}`;
      this.#refreshTokens.add(refreshToken);
    } else if (clientOk && grantType === 'refresh_token') {
      ok = this.#refreshTokens.has(credential);
    }
    this.tokenRequests.push({ grantType, credential, clientId, ok, at: Date.now() });
    if (!ok)
      return { error: grantType === 'authorization_code' ? 'invalid_code' : 'invalid_client' };
    const accessToken = this.issueAccessToken();
    return {
      access_token: accessToken,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      api_domain: this.url,
      token_type: 'Bearer',
      expires_in: this.accessTokenLifetimeSeconds,
    };
  }

  #api(path: string, authorization: string | undefined, response: ServerResponse): void {
    const accessToken = authorization?.replace(/^Zoho-oauthtoken /, '');
    const expiry = accessToken === undefined ? undefined : this.#accessTokenExpiry.get(accessToken);
    const live = expiry !== undefined && expiry > Date.now();
    let status = 200;
    let body: unknown;
    if (!live) {
      status = 401;
      body = {
        code: 'INVALID_TOKEN',
        details: {},
        message: 'invalid oauth token',
        status: 'error',
      };
    } else if (path.replace(/^\/crm\/v\d+\//, '/crm/v8/') === '/crm/v8/users') {
      body = { users: [{ id: '4150868000000225013', email: this.#options.email }] };
    } else if (path.replace(/^\/crm\/v\d+\//, '/crm/v8/') === '/crm/v8/org') {
      body = {
        org: [{ id: '4150868000000225001', company_name: 'Acme', zgid: this.#options.zgid }],
      };
    } else {
      status = 404;
      body = { code: 'INVALID_URL_PATTERN', details: {}, message: 'no such API', status: 'error' };
    }
    this.apiRequests.push({ path, accessToken, status });
    response.statusCode = status;
    response.end(JSON.stringify(body));
  }
}
