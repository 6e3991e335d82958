import assert from 'node:assert/strict';
import { isTokenStoreError, type TokenStoreErrorCode } from '../errors.js';
import { MANAGED_FIELDS, type StoredToken, type TokenInput } from '../token.js';

/** Asserts that `work` rejects with a token store error of `code`, and returns the error. */
export async function rejectsWith(
  work: Promise<unknown> | (() => Promise<unknown>),
  code: TokenStoreErrorCode,
  what: string,
): Promise<Error> {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await (typeof work === 'function' ? work() : work) };
  } catch (error) {
    outcome = { error };
  }
  if ('value' in outcome) assert.fail(`${what}: expected ${code}, but it resolved`);
  const { error } = outcome;
  if (!isTokenStoreError(error, code)) {
    const actual = isTokenStoreError(error) ? error.code : String(error);
    assert.fail(`${what}: expected ${code}, got ${actual}`);
  }
  return error;
}

/**
 * The stored token must hold exactly the present fields of `input`, plus id and the managed
 * fields (`version`, and `updatedAt` where the store records it), which are checked elsewhere.
 */
export function assertHolds(token: StoredToken | null, input: TokenInput, what: string): void {
  assert.ok(token, `${what}: expected a token, got null`);
  const expected: Record<string, unknown> = { id: token.id };
  for (const field of MANAGED_FIELDS) {
    if (token[field] !== undefined) expected[field] = token[field];
  }
  for (const [field, value] of Object.entries(input)) {
    if (field === 'id' || (MANAGED_FIELDS as readonly string[]).includes(field)) continue;
    if (value !== undefined && value !== null && value !== '') expected[field] = value;
  }
  assert.deepEqual({ ...token }, expected, `${what}: stored fields differ`);
}

/** Asserts the found token is the one with `id`. */
export function assertIsToken(token: StoredToken | null, id: string, what: string): void {
  assert.ok(token, `${what}: expected token ${id}, got null`);
  assert.equal(token.id, id, `${what}: returned another token`);
}
