import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenInput } from '@tokenstore/core';
import { afterAll } from 'vitest';

/** A secret-looking random value, long enough to be shown masked with its prefix. */
export function secret(label: string): string {
  return `1000.${label}.${randomBytes(24).toString('hex')}`;
}

/** A token with every field set to fresh values (secrets random). */
export function fullToken(overrides: TokenInput = {}): TokenInput {
  const tag = randomUUID();
  return {
    userName: `user-${tag}@example.com`,
    clientId: `1000.CLIENT${tag.slice(0, 8)}`,
    clientSecret: secret('cs'),
    redirectUrl: 'https://app.example.com/oauth/callback',
    grantToken: secret('gt'),
    refreshToken: secret('rt'),
    accessToken: secret('at'),
    expiresAt: Date.now() + 3_600_000,
    apiDomain: 'https://www.zohoapis.com',
    ...overrides,
  };
}

/** The secret values of `token`, to prove an output holds none of them. */
export function secretsOf(token: TokenInput): string[] {
  return [token.clientSecret, token.grantToken, token.refreshToken, token.accessToken].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
}

/**
 * True when `text` holds any part of a secret beyond the 4-character prefix the mask shows:
 * any 8 characters in a row from past that prefix.
 */
export function leaksSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((value) => {
    for (let at = 4; at + 8 <= value.length; at++) {
      if (text.includes(value.slice(at, at + 8))) return true;
    }
    return false;
  });
}

/** A fresh temp directory, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenstore-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
