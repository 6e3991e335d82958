/** A reason short and plain enough to store and show: never a token value in practice. */
const REASON_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** A property of a thrown value; undefined where reading it throws (a getter, a Proxy). */
function property(error: unknown, name: string): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  try {
    return (error as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

/**
 * The OAuth error code of a failed refresh, when the error carries one as `reason`, `error` (the
 * field name of RFC 6749's error response) or `code`; undefined otherwise. A value that contains
 * one of `secrets` (the token's own values) is never taken: reasons end up in messages.
 */
export function reasonOf(error: unknown, secrets: readonly string[] = []): string | undefined {
  for (const name of ['reason', 'error', 'code']) {
    const value = property(error, name);
    if (typeof value !== 'string' || !REASON_PATTERN.test(value)) continue;
    if (
      secrets.some((secret) => secret !== '' && (value.includes(secret) || secret.includes(value)))
    ) {
      continue;
    }
    return value;
  }
  return undefined;
}

/**
 * The default test for a refresh failure that retrying cannot fix: the error says
 * `permanent: true`, or carries the OAuth error code `invalid_grant` (the refresh token is
 * expired, revoked or was reused: RFC 6749 section 5.2) as `code`, `error` or `reason`.
 */
export function isPermanentRefreshFailure(error: unknown): boolean {
  if (property(error, 'permanent') === true) return true;
  return ['reason', 'error', 'code'].some((name) => property(error, name) === 'invalid_grant');
}
