import { isAbsent } from './absent.js';
import { TokenStoreError } from './errors.js';
import { type OAuthToken, STRING_FIELDS } from './token.js';

/** A validated token: only contract fields, absent ones missing, no managed field. */
export type NormalizedToken = Omit<OAuthToken, 'version' | 'updatedAt'>;

/** Options as read from a caller's object: each property read once, nothing else. */
export interface NormalizedOptions {
  readonly [name: string]: unknown;
}

function invalid(message: string, cause?: unknown): TokenStoreError {
  return new TokenStoreError('INVALID_TOKEN', message, cause === undefined ? undefined : { cause });
}

const TOKEN_FIELDS = [...STRING_FIELDS, 'expiresAt'] as const;

/**
 * Reads `names` off a caller's object once each, into a plain object. A getter, a Proxy trap or
 * a revoked Proxy may throw anything, even an object with a store error's `code`: whatever it
 * throws becomes the cause of an `INVALID_TOKEN`, so it is never taken for a store failure,
 * and the checks that follow see plain values that cannot change between two reads.
 */
function readOnce(
  input: unknown,
  names: readonly string[],
  what: string,
): Record<string, unknown> | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null) throw invalid(`${what} must be a plain object`);
  try {
    if (Array.isArray(input)) throw invalid(`${what} must be a plain object`);
    const source = input as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const name of names) copy[name] = source[name];
    return copy;
  } catch (error) {
    if (error instanceof TokenStoreError && error.code === 'INVALID_TOKEN') throw error;
    throw invalid(`${what} could not be read (a getter or Proxy threw)`, error);
  }
}

/**
 * Checks a caller's token and returns a clean copy: contract fields only, absent values
 * (`undefined`, `null`, `""`) dropped, `version`, `updatedAt` and unknown properties ignored.
 * Rejects with `INVALID_TOKEN` naming the field, never echoing its value.
 */
export function normalizeToken(input: unknown): NormalizedToken {
  if (input === undefined) throw invalid('a token must be a plain object');
  const source = readOnce(input, TOKEN_FIELDS, 'a token') as Record<string, unknown>;
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

/**
 * Reads an options argument: `undefined` is no options; anything but a plain object (`null`, a
 * string, an array) or an object whose properties cannot be read is `INVALID_TOKEN`.
 */
export function normalizeOptions(
  options: unknown,
  names: readonly string[],
  operation: string,
): NormalizedOptions {
  return readOnce(options, names, `${operation}: the options`) ?? {};
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
