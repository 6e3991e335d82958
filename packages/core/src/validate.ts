import { TokenStoreError } from './errors.js';
import { type OAuthToken, STRING_FIELDS } from './token.js';

/** A validated token: only contract fields, absent ones missing, no `version`. */
export type NormalizedToken = Omit<OAuthToken, 'version'>;

function invalid(message: string): TokenStoreError {
  return new TokenStoreError('INVALID_TOKEN', message);
}

function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/**
 * Checks a caller's token and returns a clean copy: contract fields only, absent values
 * (`undefined`, `null`, `""`) dropped, `version` and unknown properties ignored.
 * Rejects with `INVALID_TOKEN` naming the field, never echoing its value.
 */
export function normalizeToken(input: unknown): NormalizedToken {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid('a token must be a plain object');
  }
  const source = input as Record<string, unknown>;
  const token: NormalizedToken = {};
  for (const field of STRING_FIELDS) {
    const value = source[field];
    if (isAbsent(value)) continue;
    if (typeof value !== 'string') throw invalid(`${field} must be a string`);
    token[field] = value;
  }
  const expiresAt = source.expiresAt;
  if (!isAbsent(expiresAt)) {
    if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt < 0) {
      throw invalid('expiresAt must be a non-negative integer (epoch milliseconds)');
    }
    token.expiresAt = expiresAt;
  }
  return token;
}

/** Checks an id argument: a string; `""` means "no id". */
export function normalizeId(id: unknown): string | undefined {
  if (id === '' || id === undefined || id === null) return undefined;
  if (typeof id !== 'string') throw invalid('id must be a string');
  return id;
}

/** Checks `expectedVersion`: absent, or a non-negative integer (0 means "must not exist yet"). */
export function normalizeExpectedVersion(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid('expectedVersion must be a non-negative integer');
  }
  return value;
}
