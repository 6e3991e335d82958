import { describe, expect, it } from 'vitest';
import { type FlowContext, GRANT_TOKEN, REFRESH_TOKEN } from '../helpers/flow-context.js';

/** An access token about to expire is refreshed by the SDK and the new one saved. */
export function refreshFlows(context: FlowContext): void {
  describe('refresh', () => {
    it('refreshes an expiring access token once, saves it (one more version) and sends the new one', async () => {
      const { zoho } = context;
      // The SDKs refresh a token with less than 5 s left: this one is expiring from the start.
      zoho.accessTokenLifetimeSeconds = 1;
      await context.initialize({ grantToken: GRANT_TOKEN });
      const [first] = await context.store.getTokens();
      const firstVersion = first?.version ?? 0;

      zoho.accessTokenLifetimeSeconds = 3600;
      const before = Date.now();
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });

      expect(zoho.grants('refresh_token')).toEqual([
        expect.objectContaining({ credential: REFRESH_TOKEN, ok: true }),
      ]);
      const [refreshed] = await context.store.getTokens();
      expect(refreshed).toMatchObject({
        id: first?.id,
        version: firstVersion + 1,
        accessToken: zoho.issuedAccessTokens[1],
        refreshToken: REFRESH_TOKEN,
        grantToken: GRANT_TOKEN,
        userName: first?.userName,
      });
      expect(refreshed?.accessToken).not.toBe(first?.accessToken);
      expect(refreshed?.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(zoho.apiRequests.at(-1)).toMatchObject({
        accessToken: refreshed?.accessToken,
        status: 200,
      });

      // The next request loads the refreshed token from the store and does not refresh again.
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
      expect(zoho.grants('refresh_token')).toHaveLength(1);
      expect((await context.store.getTokens())[0]?.version).toBe(firstVersion + 1);
    });

    it('uses a token another process refreshed into the store', async () => {
      const { zoho } = context;
      await context.initialize({ grantToken: GRANT_TOKEN });
      const [first] = await context.store.getTokens();
      // Another process refreshed and saved; the access token this process loaded is now dead.
      zoho.expireAccessToken(first?.accessToken ?? '');
      const fromOtherProcess = zoho.issueAccessToken();
      await context.store.saveToken({ id: first?.id, accessToken: fromOtherProcess });

      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
      expect(zoho.apiRequests.at(-1)?.accessToken).toBe(fromOtherProcess);
      expect(zoho.tokenRequests).toHaveLength(1);
    });
  });
}
