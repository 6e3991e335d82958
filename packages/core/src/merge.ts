import type { RecordFields } from './record-codec.js';
import type { NormalizedToken } from './validate.js';

/**
 * An update merges: fields present in the patch replace stored ones, absent fields keep their
 * stored value. The id never changes; `updatedAt` is the save's. The result is a fresh object
 * in the order a decoded record has (id, the fields, updatedAt; the caller adds `version` once
 * the record is encoded), built field by field: the object rest and spreads this used to be
 * cost more than the rest of the merge.
 */
export function mergeToken(
  stored: NormalizedToken & { id: string },
  patch: NormalizedToken,
  updatedAt: number,
): RecordFields {
  const merged: RecordFields = { id: stored.id };
  const userName = patch.userName ?? stored.userName;
  if (userName !== undefined) merged.userName = userName;
  const clientId = patch.clientId ?? stored.clientId;
  if (clientId !== undefined) merged.clientId = clientId;
  const clientSecret = patch.clientSecret ?? stored.clientSecret;
  if (clientSecret !== undefined) merged.clientSecret = clientSecret;
  const redirectUrl = patch.redirectUrl ?? stored.redirectUrl;
  if (redirectUrl !== undefined) merged.redirectUrl = redirectUrl;
  const grantToken = patch.grantToken ?? stored.grantToken;
  if (grantToken !== undefined) merged.grantToken = grantToken;
  const refreshToken = patch.refreshToken ?? stored.refreshToken;
  if (refreshToken !== undefined) merged.refreshToken = refreshToken;
  const accessToken = patch.accessToken ?? stored.accessToken;
  if (accessToken !== undefined) merged.accessToken = accessToken;
  const apiDomain = patch.apiDomain ?? stored.apiDomain;
  if (apiDomain !== undefined) merged.apiDomain = apiDomain;
  const expiresAt = patch.expiresAt ?? stored.expiresAt;
  if (expiresAt !== undefined) merged.expiresAt = expiresAt;
  merged.updatedAt = updatedAt;
  return merged;
}
