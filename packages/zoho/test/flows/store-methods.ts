import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type FlowContext,
  GRANT_TOKEN,
  REFRESH_TOKEN,
  USER_NAME,
} from '../helpers/flow-context.js';

const ACCESS_TOKEN = '1000.access-SECRET';
const EXPIRES_AT = 1_767_225_600_000;

/** An SDK exception from the wrapper: code TOKEN_STORE, the tokenstore error as its cause. */
function causeOf(error: unknown): unknown {
  return (error as { cause?: unknown }).cause;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The TokenStore methods called directly, with the SDK's own token objects, as the SDK calls them. */
export function storeMethodFlows(context: FlowContext): void {
  describe('TokenStore methods', () => {
    async function seed() {
      return context.store.saveToken({
        userName: USER_NAME,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantToken: GRANT_TOKEN,
        refreshToken: REFRESH_TOKEN,
        accessToken: ACCESS_TOKEN,
        expiresAt: EXPIRES_AT,
        apiDomain: 'http://127.0.0.1:1',
        redirectUrl: 'http://127.0.0.1:1/callback',
      });
    }

    it('findToken fills the passed token in place and returns that same token', async () => {
      const seeded = await seed();
      const token = context.driver.token({
        clientId: CLIENT_ID,
        clientSecret: 'configured-secret',
        refreshToken: REFRESH_TOKEN,
      });
      const found = await context.uncoordinated.findToken(token);
      expect(found).toBe(token);
      expect(token.getId()).toBe(seeded.id);
      expect(token.getUserSignature()?.getName()).toBe(USER_NAME);
      expect(token.getAccessToken()).toBe(ACCESS_TOKEN);
      expect(token.getGrantToken()).toBe(GRANT_TOKEN);
      expect(token.getExpiresIn()).toBe(String(EXPIRES_AT));
      expect(token.getAPIDomain()).toBe('http://127.0.0.1:1');
      expect(token.getRedirectURL()).toBe('http://127.0.0.1:1/callback');
      // The token's own values win, as in the SDKs' FileStore and DBStore.
      expect(token.getClientSecret()).toBe('configured-secret');
    });

    it('findToken returns null and leaves the token alone when nothing matches', async () => {
      await seed();
      const token = context.driver.token({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: '1000.unknown',
      });
      expect(await context.uncoordinated.findToken(token)).toBeNull();
      expect(token.getId() ?? null).toBeNull();
      expect(token.getAccessToken() ?? null).toBeNull();
    });

    it('findTokenById returns a new OAuthToken of the SDK holding every field', async () => {
      const seeded = await seed();
      const found = await context.uncoordinated.findTokenById(seeded.id);
      expect(found).toBeInstanceOf(context.driver.OAuthToken);
      expect(found.getId()).toBe(seeded.id);
      expect(found.getUserSignature()?.getName()).toBe(USER_NAME);
      expect(found.getClientId()).toBe(CLIENT_ID);
      expect(found.getClientSecret()).toBe(CLIENT_SECRET);
      expect(found.getRefreshToken()).toBe(REFRESH_TOKEN);
      expect(found.getAccessToken()).toBe(ACCESS_TOKEN);
      expect(found.getExpiresIn()).toBe(String(EXPIRES_AT));
    });

    it('findTokenById rejects with the SDK exception (code TOKEN_STORE) for an unknown id', async () => {
      const error = await rejection(context.uncoordinated.findTokenById('no-such-id'));
      expect(error).toBeInstanceOf(context.driver.SDKException);
      expect(error).toMatchObject({ code: 'TOKEN_STORE' });
      expect(String((error as Error).message)).toContain('no-such-id');
    });

    it('saveToken inserts, sets the new id on the token, and stores expiresIn as expiresAt', async () => {
      const token = context.driver.token({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN,
        accessToken: ACCESS_TOKEN,
        userName: USER_NAME,
      });
      token.setExpiresIn(String(EXPIRES_AT));
      expect(token.getId() ?? null).toBeNull();
      await context.uncoordinated.saveToken(token);

      const id = token.getId();
      expect(id).toEqual(expect.any(String));
      expect(await context.store.findTokenById(id ?? '')).toMatchObject({
        userName: USER_NAME,
        refreshToken: REFRESH_TOKEN,
        accessToken: ACCESS_TOKEN,
        expiresAt: EXPIRES_AT,
        version: 1,
      });

      token.setAccessToken('1000.next-SECRET');
      await context.uncoordinated.saveToken(token);
      expect(await context.store.getTokens()).toMatchObject([
        { id, accessToken: '1000.next-SECRET', version: 2 },
      ]);
    });

    it.each(['soon', '-5', '1.5', '1e12', ' 1', '99999999999999999999'])(
      'saveToken rejects expiresIn %j with INVALID_TOKEN and writes nothing',
      async (expiresIn) => {
        const token = context.driver.token({
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          refreshToken: REFRESH_TOKEN,
          accessToken: ACCESS_TOKEN,
        });
        token.setExpiresIn(expiresIn);
        const error = await rejection(context.uncoordinated.saveToken(token));
        expect(error).toBeInstanceOf(context.driver.SDKException);
        expect(isTokenStoreError(causeOf(error), 'INVALID_TOKEN')).toBe(true);
        expect(String((error as Error).message)).toContain('expiresIn');
        expect(await context.store.getTokens()).toEqual([]);
        expect(token.getId() ?? null).toBeNull();
      },
    );

    it('getTokens returns OAuthTokens of the SDK; deleteToken and deleteTokens remove', async () => {
      const first = await seed();
      await context.store.saveToken({ userName: 'bob@example.com:1', accessToken: 'other-SECRET' });
      const tokens = await context.uncoordinated.getTokens();
      expect(tokens).toHaveLength(2);
      for (const token of tokens) expect(token).toBeInstanceOf(context.driver.OAuthToken);
      expect(tokens.map((token) => token.getUserSignature()?.getName()).sort()).toEqual([
        USER_NAME,
        'bob@example.com:1',
      ]);

      await context.uncoordinated.deleteToken(first.id);
      expect((await context.store.getTokens()).map((token) => token.userName)).toEqual([
        'bob@example.com:1',
      ]);
      const error = await rejection(context.uncoordinated.deleteToken(first.id));
      expect(error).toBeInstanceOf(context.driver.SDKException);

      await context.uncoordinated.deleteTokens();
      expect(await context.store.getTokens()).toEqual([]);
      expect(await context.uncoordinated.getTokens()).toEqual([]);
    });

    it('a store failure rejects with the SDK exception, its cause coded, no secret in the message', async () => {
      await seed();
      await context.store.close();
      const token = context.driver.token({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN,
      });
      const error = await rejection(context.uncoordinated.findToken(token));
      expect(error).toBeInstanceOf(context.driver.SDKException);
      expect(error).toMatchObject({ code: 'TOKEN_STORE' });
      expect(isTokenStoreError(causeOf(error), 'STORE_CLOSED')).toBe(true);
      const message = String((error as Error).message);
      for (const secret of [CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, GRANT_TOKEN]) {
        expect(message).not.toContain(secret);
      }
    });

    it('rejects a token that is not an OAuthToken of this SDK', async () => {
      const lookalike = { getId: () => null } as unknown as Parameters<
        typeof context.uncoordinated.findToken
      >[0];
      const error = await rejection(context.uncoordinated.findToken(lookalike));
      expect(error).toBeInstanceOf(context.driver.SDKException);
      expect(isTokenStoreError(causeOf(error), 'INVALID_TOKEN')).toBe(true);
    });
  });
}
