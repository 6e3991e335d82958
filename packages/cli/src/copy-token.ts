import {
  type DuplicateKeyKind,
  isAbsent,
  isTokenStoreError,
  type OAuthToken,
  STRING_FIELDS,
  type StoredToken,
  type TokenInput,
  type TokenStore,
} from '@tokenstore/core';
import type { NormalizedToken } from '@tokenstore/core/backend';
import { lookupKeyOf } from '@tokenstore/core/backend';

/**
 * What copying one token into a target store did.
 *
 * - `created`: the target had no token with this id; it has one now (version 1).
 * - `unchanged`: the target already has this id with exactly these values; nothing was written.
 * - `updated`: the token had no id, and was merged into the target token its lookup key names.
 * - `conflict`: the target has this id with other values, or another token holds one of its
 *   unique values (userName, accessToken, ...). Nothing was written: the target wins.
 * - `invalid`: the target store rejected the token as invalid (`INVALID_TOKEN`).
 */
export type CopyOutcome =
  | { readonly status: 'created' | 'unchanged' | 'updated' }
  | { readonly status: 'conflict' | 'invalid'; readonly reason: string };

/** The report's reason for a `DUPLICATE_KEY`, from its details (never the token's value). */
function duplicateReason(keyKind: DuplicateKeyKind | undefined): string {
  const what = keyKind === undefined ? 'one of its unique values' : `its ${keyKind}`;
  return `another token in the target already has ${what}; it was left as it is`;
}

/** The fields of `token` that a copy must preserve: every field but `version`. */
function fieldsOf(token: TokenInput): TokenInput {
  const { version: _version, ...fields } = token;
  return fields;
}

/** True when both tokens hold the same value (or absence) in every field but `version`. */
export function sameValues(a: OAuthToken, b: OAuthToken): boolean {
  return STRING_FIELDS.every((field) => a[field] === b[field]) && a.expiresAt === b.expiresAt;
}

const DIFFERS = 'the target has a token with this id and different values; it was left as it is';

async function outcomeForExisting(target: TokenStore, token: TokenInput): Promise<CopyOutcome> {
  const existing = await target.findTokenById(String(token.id));
  if (existing === null) {
    return { status: 'conflict', reason: 'the target token with this id changed during the copy' };
  }
  return sameValues(existing, token as OAuthToken)
    ? { status: 'unchanged' }
    : { status: 'conflict', reason: DIFFERS };
}

/** The outcome a copy would have, without writing anything (for `--dry-run`). */
async function predictCopy(target: TokenStore, token: TokenInput): Promise<CopyOutcome> {
  if (isAbsent(token.id)) {
    const holder = await target.findToken(token);
    return { status: holder === null ? 'created' : 'updated' };
  }
  const existing = await target.findTokenById(token.id);
  if (existing !== null) {
    return sameValues(existing, token as OAuthToken)
      ? { status: 'unchanged' }
      : { status: 'conflict', reason: DIFFERS };
  }
  const { id: _id, ...withoutId } = token;
  const holder = await target.findToken(withoutId);
  if (holder !== null) {
    return {
      status: 'conflict',
      reason: `another token (id ${holder.id}) already has its lookup key; it was left as it is`,
    };
  }
  return { status: 'created' };
}

const NO_KEY =
  'it has no lookup key (user name, or client with refresh or grant token): with --new-ids a re-run could not find it, so it was not copied';

/**
 * `--new-ids`: copies `token` without its id, so that the target assigns a new one (tokens of
 * several sources may share ids). Still idempotent: the target token its lookup key names is
 * `unchanged` when it holds the same values and a `conflict` otherwise (never overwritten); a
 * token without a lookup key is refused, since a re-run could not find it again.
 */
async function copyWithNewId(
  target: TokenStore,
  fields: TokenInput,
  dryRun: boolean,
): Promise<CopyOutcome> {
  const { id: _id, ...token } = fields;
  if (lookupKeyOf(token as NormalizedToken) === undefined) {
    return { status: 'conflict', reason: NO_KEY };
  }
  const compare = async (): Promise<CopyOutcome | undefined> => {
    const holder = await target.findToken(token);
    if (holder === null) return undefined;
    // The holder's id is its own (the target assigned it): compare every other field.
    return sameValues({ ...holder, id: '' }, { ...token, id: '' } as OAuthToken)
      ? { status: 'unchanged' }
      : {
          status: 'conflict',
          reason: `another token (id ${holder.id}) already has its lookup key and other values; it was left as it is`,
        };
  };
  const existing = await compare();
  if (existing !== undefined) return existing;
  if (dryRun) return { status: 'created' };
  try {
    await target.saveToken(token, { expectedVersion: 0 });
    return { status: 'created' };
  } catch (error) {
    if (isTokenStoreError(error, 'VERSION_CONFLICT')) {
      return (
        (await compare()) ?? { status: 'conflict', reason: 'the target changed during the copy' }
      );
    }
    if (isTokenStoreError(error, 'DUPLICATE_KEY')) {
      return { status: 'conflict', reason: duplicateReason(error.keyKind) };
    }
    if (isTokenStoreError(error, 'INVALID_TOKEN'))
      return { status: 'invalid', reason: error.message };
    throw error;
  }
}

/**
 * Copies `token` into `target` under its own id, idempotently: a token already copied is left
 * alone, and a target token that differs is never overwritten (versions count saves per store,
 * so they cannot say which side is newer). A token without id is saved by its lookup key.
 *
 * Store failures other than conflicts and invalid input (`STORE_UNAVAILABLE`, ...) are thrown.
 * With `newIds`, see `copyWithNewId`.
 */
export async function copyToken(
  target: TokenStore,
  token: StoredToken | TokenInput,
  options: { dryRun?: boolean; newIds?: boolean } = {},
): Promise<CopyOutcome> {
  const fields = fieldsOf(token);
  if (options.newIds) return copyWithNewId(target, fields, options.dryRun === true);
  if (options.dryRun) return predictCopy(target, fields);
  try {
    if (isAbsent(fields.id)) {
      const saved = await target.saveToken(fields);
      return { status: saved.version === 1 ? 'created' : 'updated' };
    }
    await target.saveToken(fields, { expectedVersion: 0 });
    return { status: 'created' };
  } catch (error) {
    if (isTokenStoreError(error, 'VERSION_CONFLICT')) return outcomeForExisting(target, fields);
    if (isTokenStoreError(error, 'DUPLICATE_KEY')) {
      return { status: 'conflict', reason: duplicateReason(error.keyKind) };
    }
    if (isTokenStoreError(error, 'INVALID_TOKEN')) {
      return { status: 'invalid', reason: error.message };
    }
    throw error;
  }
}
