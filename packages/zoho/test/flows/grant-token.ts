import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type FlowContext,
  GRANT_TOKEN,
  REFRESH_TOKEN,
  USER_NAME,
} from '../helpers/flow-context.js';

/** First start: the SDK finds nothing, exchanges the grant token and saves what it got. */
export function grantTokenFlows(context: FlowContext): void {
  describe('grant token flow', () => {
    it('finds nothing, exchanges the grant token once, saves the token with its user, uses it', async () => {
      const before = Date.now();
      const token = await context.initialize({ grantToken: GRANT_TOKEN });
      const after = Date.now();

      const { zoho } = context;
      expect(zoho.tokenRequests).toEqual([
        expect.objectContaining({
          grantType: 'authorization_code',
          credential: GRANT_TOKEN,
          clientId: CLIENT_ID,
          ok: true,
        }),
      ]);
      const stored = await context.store.getTokens();
      expect(stored).toHaveLength(1);
      const [saved] = stored;
      expect(saved).toMatchObject({
        userName: USER_NAME,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantToken: GRANT_TOKEN,
        refreshToken: REFRESH_TOKEN,
        accessToken: zoho.issuedAccessTokens[0],
        apiDomain: zoho.url,
        // Three writes: the bridge's placeholder for the exchange lease, the exchanged tokens, and
        // the SDK's own save with the user it looked up.
        version: 3,
      });
      // expiresIn ("now + expires_in * 1000" as a string) became the number expiresAt.
      expect(saved?.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(saved?.expiresAt).toBeLessThanOrEqual(after + 3_600_000);
      // saveToken set the stored id on the SDK's token.
      expect(token.getId()).toBe(saved?.id);

      const org = await context.driver.getOrganization();
      expect(org).toEqual({ status: 200, companyName: 'Acme' });
      expect(zoho.apiRequests.at(-1)).toEqual({
        path: expect.stringMatching(/^\/crm\/v[678]\/org$/),
        accessToken: saved?.accessToken,
        status: 200,
      });
      expect(zoho.tokenRequests).toHaveLength(1);
    });

    it('without the user lookup (findUser false) saves the token with no user', async () => {
      await context.initialize({ grantToken: GRANT_TOKEN, findUser: false });

      const stored = await context.store.getTokens();
      expect(stored).toHaveLength(1);
      expect(stored[0]?.userName).toBeUndefined();
      expect(stored[0]?.grantToken).toBe(GRANT_TOKEN);
      expect(context.zoho.apiRequests).toEqual([]);
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
    });

    it('a grant token the server refuses leaves the store empty', async () => {
      await expect(context.initialize({ grantToken: '1000.not-issued' })).rejects.toBeInstanceOf(
        context.driver.SDKException,
      );
      expect(context.zoho.grants('authorization_code')).toMatchObject([{ ok: false }]);
      expect(await context.store.getTokens()).toEqual([]);
    });
  });
}
