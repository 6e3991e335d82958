import type { BenchToken } from '../token-fixtures.js';

/**
 * The columns of the benchmarks' hand-written token table (the raw driver's side of every SQL
 * target), in order: a column per field, as an app that stores tokens itself writes one.
 */
export const RAW_FIELDS =
  'id, version, user_name, client_id, client_secret, redirect_url, grant_token, refresh_token, access_token, api_domain, expires_at';

/** A token's row of that table at version 1, in {@link RAW_FIELDS} order. */
export function rawRow(t: BenchToken): (string | number)[] {
  return [
    t.id,
    1,
    t.userName,
    t.clientId,
    t.clientSecret,
    t.redirectUrl,
    t.grantToken,
    t.refreshToken,
    t.accessToken,
    t.apiDomain,
    t.expiresAt,
  ];
}

/** `?, ?, …`: a placeholder per column of {@link RAW_FIELDS}. */
export const RAW_PLACEHOLDERS = RAW_FIELDS.split(', ')
  .map(() => '?')
  .join(', ');
