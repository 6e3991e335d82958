import {
  isRefreshError,
  type RefreshError,
  type TokenStore,
  TokenStoreError,
} from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { type FlowContext, GRANT_TOKEN } from '../helpers/flow-context.js';

/** The SDK's exception, and the RefreshError the bridge put in its cause chain. */
function refreshErrorIn(error: unknown): RefreshError | undefined {
  let cause = error;
  while (cause != null && !isRefreshError(cause)) cause = (cause as { cause?: unknown }).cause;
  return isRefreshError(cause) ? cause : undefined;
}

/** Makes `store` fail every save of token `id` that carries an access token (a refresh's). */
function failRefreshSaves(store: TokenStore, id: string): () => void {
  const save = store.saveToken.bind(store);
  store.saveToken = (token, options) =>
    token.id === id && token.accessToken != null
      ? Promise.reject(new TokenStoreError('STORE_UNAVAILABLE', 'the backend is down'))
      : save(token, options);
  return () => {
    store.saveToken = save;
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/**
 * A refresh the bridge makes that fails behaves as the SDK's own: the API call rejects with the
 * SDK's SDKException, nothing stored changes, and no promise is left rejected unhandled (vitest
 * fails the run on one).
 */
export function refreshFailureFlows(context: FlowContext): void {
  describe('refresh failures', () => {
    async function expiringToken() {
      context.zoho.accessTokenLifetimeSeconds = 1;
      await context.initialize({ grantToken: GRANT_TOKEN });
      context.zoho.accessTokenLifetimeSeconds = 3600;
      const [stored] = await context.store.getTokens();
      if (stored === undefined) throw new Error('nothing was saved');
      return stored;
    }

    it.each(['invalid_code', 'invalid_client'] as const)(
      'a refresh refused with %s is an SDKException naming it; the store keeps its token; no process presents it again',
      async (answer) => {
        const stored = await expiringToken();
        context.zoho.refreshAnswer = answer;
        const error = await rejection(context.driver.getOrganization());
        expect(error).toBeInstanceOf(context.driver.SDKException);
        expect(String((error as Error).message)).toContain(answer);
        expect(refreshErrorIn(error)).toMatchObject({
          code: 'REFRESH_FAILED',
          permanent: true,
          reason: answer,
        });
        expect(context.zoho.grants('refresh_token')).toHaveLength(1);
        const tokens = (await context.store.getTokens()).filter((token) => token.id === stored.id);
        expect(tokens).toEqual([stored]);

        // Remembered: the next call fails at once, without presenting the refused token again.
        const again = await rejection(context.driver.getOrganization());
        expect(again).toBeInstanceOf(context.driver.SDKException);
        expect(context.zoho.grants('refresh_token')).toHaveLength(1);
        // The wrapper's getTokens leaves the lease's failure record out.
        expect((await context.wrapped.getTokens()).map((token) => token.getId())).toEqual([
          stored.id,
        ]);
      },
    );

    it('a refresh the store cannot save is a TOKEN_STORE SDKException holding the result, which saved later serves the next call', async () => {
      const stored = await expiringToken();
      const restore = failRefreshSaves(context.store, stored.id);
      const error = await rejection(context.driver.getOrganization());
      restore();
      expect(error).toBeInstanceOf(context.driver.SDKException);
      expect(error).toMatchObject({ code: 'TOKEN_STORE' });
      const refreshError = refreshErrorIn(error);
      expect(refreshError?.code).toBe('SAVE_FAILED');
      const unsaved = refreshError?.unsaved;
      expect(unsaved).toMatchObject({ id: stored.id, expectedVersion: stored.version });
      expect(unsaved?.fields.accessToken).toEqual(expect.any(String));
      expect(unsaved?.fields.accessToken).not.toBe(stored.accessToken);
      expect(String((error as Error).message)).not.toContain(unsaved?.fields.accessToken);
      expect(await context.store.getTokens()).toEqual([stored]);

      const { id, expectedVersion, fields } = unsaved as NonNullable<typeof unsaved>;
      await context.store.saveToken({ ...fields, id }, { expectedVersion });
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
      expect(context.zoho.grants('refresh_token')).toHaveLength(1);
    });

    it('a network error is an SDKException; nothing changes; the next call refreshes', async () => {
      const stored = await expiringToken();
      context.zoho.refreshAnswer = 'drop';
      const error = await rejection(context.driver.getOrganization());
      expect(error).toBeInstanceOf(context.driver.SDKException);
      expect(refreshErrorIn(error)).toMatchObject({ code: 'REFRESH_FAILED', permanent: false });
      expect(await context.store.getTokens()).toEqual([stored]);

      context.zoho.refreshAnswer = 'normal';
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
      const [refreshed] = await context.store.getTokens();
      expect(refreshed).toMatchObject({ id: stored.id, version: stored.version + 1 });
      expect(refreshed?.accessToken).not.toBe(stored.accessToken);
    });
  });
}
