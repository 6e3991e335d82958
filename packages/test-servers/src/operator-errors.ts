import { inspect } from 'node:util';
import { isTokenStoreError, type TokenStore, type TokenStoreError } from '@tokenstore/core';

/**
 * Everything an operator could see of `error`: its `util.inspect` (hidden properties too) and
 * the message of each error in its cause chain. A secret must appear in none of it.
 */
export function shownAnywhere(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true })];
  for (let at: unknown = error; at instanceof Error; at = at.cause) parts.push(at.message);
  return parts.join('\n');
}

/** The token store error `work` rejects with; throws when it resolves or rejects otherwise. */
export async function rejection(work: Promise<unknown>): Promise<TokenStoreError> {
  const error = await work.then(
    () => new Error('the call succeeded'),
    (e: unknown) => e,
  );
  if (!isTokenStoreError(error)) throw error;
  return error as TokenStoreError;
}

/**
 * A save of a token holding fresh secrets and a find of it on `store`, which must both fail
 * (a broken backend); closes the store. Gives both errors and the secrets none may show.
 */
export async function failingCalls(
  store: TokenStore,
): Promise<{ errors: TokenStoreError[]; secrets: string[] }> {
  const tag = Math.random().toString(36).slice(2);
  const token = {
    userName: `u-${tag}`,
    clientId: 'c',
    clientSecret: `cs-secret-${tag}`,
    refreshToken: `rt-secret-${tag}`,
    accessToken: `at-secret-${tag}`,
    grantToken: `gt-secret-${tag}`,
  };
  const errors = [
    await rejection(store.saveToken(token)),
    await rejection(store.findToken({ userName: token.userName })),
  ];
  await store.close();
  return { errors, secrets: Object.values(token).filter((value) => value.includes('secret')) };
}
