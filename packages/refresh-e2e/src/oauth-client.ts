import type { RefreshedToken, StoredToken } from '@tokenstore/core';

/** A token endpoint's error answer, as an OAuth client library would throw it. */
export class OAuthError extends Error {
  /** The RFC 6749 error code, e.g. `invalid_grant`. */
  readonly error: string;

  constructor(error: string, status: number) {
    super(`token endpoint answered ${status} ${error}`);
    this.name = 'OAuthError';
    this.error = error;
  }
}

/**
 * Refreshes `token` at the token endpoint `tokenUrl` (a plain RFC 6749 refresh request). Takes
 * the fake server's exact `expires_at` when present, so a test can check that a refresh came only
 * when it was due by the server's own clock; a real client counts `expires_in` from before it
 * sent the request.
 */
export async function refreshAt(
  tokenUrl: string,
  token: StoredToken,
  signal?: AbortSignal,
): Promise<RefreshedToken> {
  const sentAt = Date.now();
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: token.refreshToken ?? '',
    }).toString(),
    ...(signal === undefined ? {} : { signal }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new OAuthError(String(body.error ?? 'unknown'), response.status);
  return {
    accessToken: String(body.access_token),
    refreshToken: String(body.refresh_token),
    expiresAt:
      typeof body.expires_at === 'number'
        ? body.expires_at
        : Math.floor(sentAt + Number(body.expires_in) * 1000),
  };
}

/** The generation the fake server wrote into an access token (`at.<family>.<generation>.<r>`). */
export function generationOf(accessToken: string | undefined): number {
  return Number(accessToken?.split('.')[2] ?? 0);
}
