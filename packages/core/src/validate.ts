import { isAbsent } from './absent.js';
import { TokenStoreError } from './errors.js';
import type { OAuthToken } from './token.js';

/** A validated token: only contract fields, absent ones missing, no managed field. */
export type NormalizedToken = Omit<OAuthToken, 'version' | 'updatedAt'>;

/** Options as read from a caller's object: each property read once, nothing else. */
export interface NormalizedOptions {
  readonly [name: string]: unknown;
}

function invalid(message: string, cause?: unknown): TokenStoreError {
  return new TokenStoreError('INVALID_TOKEN', message, cause === undefined ? undefined : { cause });
}

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

/** What is wrong with a string field's value; undefined when it is a string or absent. */
function notString(field: string, value: unknown): string | undefined {
  return typeof value === 'string' || isAbsent(value) ? undefined : `${field} must be a string`;
}

/** A present value of a field that passed {@link notString}. */
function present(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * Copies the contract fields of `source` into `into` (absent values dropped), reading each
 * property exactly once, in field order; returns what is wrong with the first invalid one (every
 * property is still read, and `into` is then left as it was), or undefined. Whatever a getter
 * throws is thrown on. Spelled out field by field: a loop over the field names made each read
 * and write a keyed access by a changing name, which was most of a find's validation.
 */
function copyFields(source: Record<string, unknown>, into: NormalizedToken): string | undefined {
  const {
    id,
    userName,
    clientId,
    clientSecret,
    redirectUrl,
    grantToken,
    refreshToken,
    accessToken,
    apiDomain,
    expiresAt,
  } = source;
  const problem =
    notString('id', id) ??
    notString('userName', userName) ??
    notString('clientId', clientId) ??
    notString('clientSecret', clientSecret) ??
    notString('redirectUrl', redirectUrl) ??
    notString('grantToken', grantToken) ??
    notString('refreshToken', refreshToken) ??
    notString('accessToken', accessToken) ??
    notString('apiDomain', apiDomain) ??
    (isAbsent(expiresAt) || isEpochMillis(expiresAt)
      ? undefined
      : 'expiresAt must be a non-negative integer (epoch milliseconds)');
  if (problem !== undefined) return problem;
  if (present(id)) into.id = id;
  if (present(userName)) into.userName = userName;
  if (present(clientId)) into.clientId = clientId;
  if (present(clientSecret)) into.clientSecret = clientSecret;
  if (present(redirectUrl)) into.redirectUrl = redirectUrl;
  if (present(grantToken)) into.grantToken = grantToken;
  if (present(refreshToken)) into.refreshToken = refreshToken;
  if (present(accessToken)) into.accessToken = accessToken;
  if (present(apiDomain)) into.apiDomain = apiDomain;
  if (isEpochMillis(expiresAt)) into.expiresAt = expiresAt;
  return undefined;
}

/** A non-negative safe integer: `expiresAt` and `updatedAt` are epoch milliseconds. */
export function isEpochMillis(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Checks a caller's token and returns a clean copy: contract fields only, absent values
 * (`undefined`, `null`, `""`) dropped, `version`, `updatedAt` and unknown properties ignored.
 * Rejects with `INVALID_TOKEN` naming the field, never echoing its value. Each property is read
 * once (a getter or Proxy trap sees one read); whatever reading throws becomes the cause of an
 * `INVALID_TOKEN`, so it is never taken for a store failure.
 */
export function normalizeToken(input: unknown): NormalizedToken {
  if (input === undefined || typeof input !== 'object' || input === null) {
    throw invalid('a token must be a plain object');
  }
  const token: NormalizedToken = {};
  let problem: string | undefined;
  try {
    if (Array.isArray(input)) throw invalid('a token must be a plain object');
    problem = copyFields(input as Record<string, unknown>, token);
  } catch (error) {
    if (error instanceof TokenStoreError && error.code === 'INVALID_TOKEN') throw error;
    throw invalid('a token could not be read (a getter or Proxy threw)', error);
  }
  if (problem !== undefined) throw invalid(problem);
  return token;
}

/**
 * The token fields of a parsed record (a plain object: no getters) validated into `into`, which
 * may already hold the id: the stored token is built in one object, in field order.
 * `INVALID_TOKEN` naming the first invalid field.
 */
export function normalizeFieldsInto<T extends NormalizedToken>(
  source: Record<string, unknown>,
  into: T,
): T {
  const problem = copyFields(source, into);
  if (problem !== undefined) throw invalid(problem);
  return into;
}

const NO_OPTIONS: NormalizedOptions = Object.freeze({});

/**
 * Reads an options argument: `undefined` is no options; anything but a plain object (`null`, a
 * string, an array) or an object whose properties cannot be read is `INVALID_TOKEN`.
 */
export function normalizeOptions(
  options: unknown,
  names: readonly string[],
  operation: string,
): NormalizedOptions {
  if (options === undefined) return NO_OPTIONS;
  return readOnce(options, names, `${operation}: the options`) ?? NO_OPTIONS;
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
