import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One refresh request as the server handled it. */
export interface RefreshLogEntry {
  /** When it was handled (epoch ms). */
  at: number;
  outcome: 'rotated' | 'reused' | 'revoked' | 'unknown';
  /** How long the family's current access token had left when it was replaced (rotated only). */
  previousRemainingMs?: number;
}

/** A token as a caller saw it: the access token and when it was first and last handed out. */
export interface Observation {
  accessToken: string;
  firstAt: number;
  lastAt: number;
}

interface AccessToken {
  family: Family;
  generation: number;
  expiresAt: number;
}

interface Family {
  id: string;
  generation: number;
  currentRefreshToken: string;
  currentAccessToken: string;
  used: Set<string>;
  revokedAt: number | undefined;
}

interface Held {
  body: string;
  res: ServerResponse;
}

/** The tokens of a new grant, as the authorization code exchange would return them. */
export interface Grant {
  refreshToken: string;
  accessToken: string;
  expiresAt: number;
}

function random(): string {
  return randomBytes(12).toString('base64url');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A fake OAuth token endpoint on loopback that behaves as real ones do with rotating refresh
 * tokens: every refresh returns a new refresh token, and a used one presented again revokes the
 * whole family (RFC 9700 section 4.14.2), so every token of that grant stops working. Access
 * tokens are `at.<family>.<generation>.<random>` so callers can tell generations apart. Counts
 * and logs every request; can hold refresh requests until told to go on (a hung server).
 */
export class FakeOAuthServer {
  readonly #server = createServer((req, res) => void this.#handle(req, res));
  readonly #families = new Map<string, Family>();
  readonly #byRefreshToken = new Map<string, Family>();
  readonly #accessTokens = new Map<string, AccessToken>();
  readonly #lifetimeMs: number;
  readonly #latencyMs: number;
  readonly #held: Held[] = [];
  #holding = false;
  /** Every refresh request handled, in order. */
  readonly log: RefreshLogEntry[] = [];
  /** Held refresh requests whose client went away before they were handled (never handled). */
  abandoned = 0;
  #url = '';

  /**
   * @param lifetimeMs how long access tokens live
   * @param latencyMs how long the server takes to answer a refresh (real ones take tens of ms)
   */
  constructor(lifetimeMs: number, latencyMs: number) {
    this.#lifetimeMs = lifetimeMs;
    this.#latencyMs = latencyMs;
  }

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** The token endpoint: POST `grant_type=refresh_token&refresh_token=...`. */
  get tokenUrl(): string {
    return `${this.#url}/token`;
  }

  /** A new grant (family); its access token expires `expiresInMs` from now (may be <= 0). */
  issue(expiresInMs = this.#lifetimeMs): Grant {
    const family: Family = {
      id: random(),
      generation: 0,
      currentRefreshToken: '',
      currentAccessToken: '',
      used: new Set(),
      revokedAt: undefined,
    };
    this.#families.set(family.id, family);
    const grant = this.#rotate(family, expiresInMs);
    return grant;
  }

  /** Refresh requests whose client presented an already used refresh token. */
  get reuses(): number {
    return this.log.filter((e) => e.outcome === 'reused').length;
  }

  /** Successful refreshes. */
  get rotations(): number {
    return this.log.filter((e) => e.outcome === 'rotated').length;
  }

  /** How many families were revoked for reuse. */
  get revokedFamilies(): number {
    return [...this.#families.values()].filter((f) => f.revokedAt !== undefined).length;
  }

  /** Refresh requests waiting to be handled. */
  get heldRequests(): number {
    return this.#held.length;
  }

  /** From now on, refresh requests wait (unanswered) until {@link resume}. */
  hold(): void {
    this.#holding = true;
  }

  /** Handles the waiting refresh requests whose clients are still there, and stops holding. */
  resume(): void {
    this.#holding = false;
    for (const held of this.#held.splice(0)) void this.#refresh(held.body, held.res);
  }

  /**
   * What is wrong with tokens callers were handed, as messages (empty when nothing): an access
   * token this server never issued, one that had expired or was revoked when it was handed out.
   */
  problemsOf(observations: Iterable<Observation>): string[] {
    const problems: string[] = [];
    for (const { accessToken, lastAt } of observations) {
      const known = this.#accessTokens.get(accessToken);
      const name = accessToken.split('.').slice(0, 3).join('.');
      if (known === undefined) problems.push(`${name}: never issued`);
      else if (known.expiresAt <= lastAt) {
        problems.push(`${name}: handed out ${lastAt - known.expiresAt} ms after it expired`);
      } else if (known.family.revokedAt !== undefined && known.family.revokedAt <= lastAt) {
        problems.push(`${name}: handed out after its family was revoked`);
      }
    }
    return problems;
  }

  /** Stops listening and drops every connection. */
  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #rotate(family: Family, expiresInMs: number): Grant {
    family.generation++;
    if (family.currentRefreshToken !== '') family.used.add(family.currentRefreshToken);
    const refreshToken = `rt.${family.id}.${family.generation}.${random()}`;
    const accessToken = `at.${family.id}.${family.generation}.${random()}`;
    const expiresAt = Date.now() + expiresInMs;
    family.currentRefreshToken = refreshToken;
    family.currentAccessToken = accessToken;
    this.#byRefreshToken.set(refreshToken, family);
    this.#accessTokens.set(accessToken, { family, generation: family.generation, expiresAt });
    return { refreshToken, accessToken, expiresAt };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/token')
      return answer(res, 404, { error: 'not_found' });
    const body = await readBody(req);
    if (!this.#holding) return this.#refresh(body, res);
    const held: Held = { body, res };
    this.#held.push(held);
    // A client killed while waiting: its request is never handled, as if it never arrived.
    res.once('close', () => {
      const index = this.#held.indexOf(held);
      if (index >= 0) {
        this.#held.splice(index, 1);
        this.abandoned++;
      }
    });
  }

  async #refresh(body: string, res: ServerResponse): Promise<void> {
    if (this.#latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
    const params = new URLSearchParams(body);
    const presented = params.get('refresh_token') ?? '';
    if (params.get('grant_type') !== 'refresh_token') {
      return answer(res, 400, { error: 'unsupported_grant_type' });
    }
    const family = this.#byRefreshToken.get(presented);
    const at = Date.now();
    if (family === undefined) {
      this.log.push({ at, outcome: 'unknown' });
      return answer(res, 400, { error: 'invalid_grant' });
    }
    if (family.revokedAt !== undefined) {
      this.log.push({ at, outcome: 'revoked' });
      return answer(res, 400, { error: 'invalid_grant' });
    }
    if (presented !== family.currentRefreshToken) {
      family.revokedAt = at;
      this.log.push({ at, outcome: 'reused' });
      return answer(res, 400, { error: 'invalid_grant' });
    }
    const previous = this.#accessTokens.get(family.currentAccessToken);
    const grant = this.#rotate(family, this.#lifetimeMs);
    this.log.push({
      at,
      outcome: 'rotated',
      previousRemainingMs: (previous?.expiresAt ?? at) - at,
    });
    answer(res, 200, {
      access_token: grant.accessToken,
      refresh_token: grant.refreshToken,
      token_type: 'Bearer',
      expires_in: this.#lifetimeMs / 1000,
      // Not in RFC 6749: the exact expiry, so tests can tell exactly when a refresh was due.
      expires_at: grant.expiresAt,
    });
  }
}
