import { SECRET_FIELDS, type StoredToken } from '@tokenstore/core';

/** Secrets shorter than this show no characters at all, only their length. */
const SHORTEST_WITH_PREFIX = 12;
const PREFIX_LENGTH = 4;

/**
 * A secret as the CLI shows it: its first 4 characters (a Zoho token's `1000.` prefix says which
 * kind it is), `…`, and its length: `1000…[70]`. Short secrets show only their length: `…[8]`.
 */
export function maskSecret(value: string): string {
  const length = [...value].length;
  const prefix = length >= SHORTEST_WITH_PREFIX ? [...value].slice(0, PREFIX_LENGTH).join('') : '';
  return `${prefix}…[${length}]`;
}

/** A copy of `token` whose secret fields (clientSecret, grantToken, refreshToken, accessToken) are masked. */
export function maskToken(token: StoredToken): StoredToken {
  const masked: StoredToken = { ...token };
  for (const field of SECRET_FIELDS) {
    const value = masked[field];
    if (value !== undefined) masked[field] = maskSecret(value);
  }
  return masked;
}

/** The token as shown: masked unless `reveal`. */
export function presentToken(token: StoredToken, reveal: boolean): StoredToken {
  return reveal ? token : maskToken(token);
}
