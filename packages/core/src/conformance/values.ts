import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenInput } from '../token.js';

/**
 * Strings that break hand-written stores: quotes, LIKE wildcards, backslashes, NUL, emoji,
 * right-to-left text, SQL, JSON and Mongo operators, `$`-prefixed text, Redis hash tags.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  `it's "quoted" \`back\``,
  '100% _under_ \\back\\slash\\',
  'nul\u0000inside\u0000',
  'emoji 🔑🦄 👩‍👩‍👧 family',
  'שלום עולם مرحبا \u202eRTL',
  "'; DROP TABLE tokens; --",
  '{"$ne":null}',
  '$where',
  '$ne',
  'a.b.c',
  '  padded  ',
  'line\nbreak\r\n\ttab',
  'null',
  'undefined',
  '0',
  'é vs e\u0301',
  '{tag}key{',
  '*?[glob]',
  '../../etc/passwd',
  '%s %d %n',
  '\\u0000 escaped',
];

/** A value no other case or run uses. */
export function unique(label: string): string {
  return `${label}-${randomUUID()}`;
}

/** A random printable string of `length` characters, like a large JWT. */
export function largeValue(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64url')
    .slice(0, length);
}

/** A token with every field set. */
export function fullToken(overrides: TokenInput = {}): TokenInput {
  return {
    userName: unique('user@example.com:zgid'),
    clientId: unique('client'),
    clientSecret: unique('client-secret'),
    redirectUrl: 'https://app.example.com/oauth/callback?x=1&y=%20',
    grantToken: unique('grant'),
    refreshToken: unique('refresh'),
    accessToken: unique('access'),
    expiresAt: Date.now() + 3_600_000,
    apiDomain: 'https://www.zohoapis.eu',
    ...overrides,
  };
}
