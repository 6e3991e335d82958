import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import type { StoredToken } from '../token.js';
import { conditionalDelete } from './conditional-delete.js';

/**
 * Removes `token` only if it still has the version it was read at, so that a record saved since
 * it was read (a refreshed token, a lease turned into a failure record) is never removed. Atomic
 * on stores built on `BackedTokenStore`; on other stores a read then a delete by id. True when
 * the record is gone: removed now, or by someone else meanwhile.
 */
export async function deleteUnchanged(store: TokenStore, token: StoredToken): Promise<boolean> {
  const deleteIfVersion = conditionalDelete(store);
  if (deleteIfVersion !== undefined) {
    try {
      await deleteIfVersion(token.id, { expectedVersion: token.version });
      return true;
    } catch (error) {
      if (isTokenStoreError(error, 'VERSION_CONFLICT')) return false;
      throw error;
    }
  }
  const current = await store.findTokenById(token.id);
  if (current === null) return true;
  if (current.version !== token.version) return false;
  await store.deleteToken(token.id);
  return true;
}
