import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type FlowContext,
  GRANT_TOKEN,
  REFRESH_TOKEN,
  USER_NAME,
} from '../helpers/flow-context.js';

/**
 * A restart: a new InitializeBuilder over a new store instance on the same data (what a new
 * process opens) finds the saved token; no token is exchanged or refreshed again.
 */
export function restartFlows(context: FlowContext): void {
  describe('restart', () => {
    async function firstStart() {
      await context.initialize({ grantToken: GRANT_TOKEN });
      const [saved] = await context.store.getTokens();
      if (saved === undefined) throw new Error('the first start saved no token');
      return saved;
    }

    async function expectReused(saved: { id: string; accessToken?: string; version: number }) {
      expect(context.zoho.tokenRequests).toHaveLength(1);
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
      expect(context.zoho.apiRequests.at(-1)?.accessToken).toBe(saved.accessToken);
      expect(context.zoho.tokenRequests).toHaveLength(1);
      const after = await context.store.getTokens();
      expect(after).toHaveLength(1);
      // Nothing was written: the restarted process used the saved token as it was.
      expect(after[0]).toMatchObject({ id: saved.id, version: saved.version });
    }

    it('finds the token by its refresh token', async () => {
      const saved = await firstStart();
      const token = await context.initialize(
        { refreshToken: REFRESH_TOKEN },
        { store: context.reopenWrapped() },
      );
      expect(token.getId()).toBe(saved.id);
      expect(token.getAccessToken()).toBe(saved.accessToken);
      await expectReused(saved);
    });

    it('finds the token by the same grant token (an unchanged configuration)', async () => {
      const saved = await firstStart();
      await context.initialize({ grantToken: GRANT_TOKEN }, { store: context.reopenWrapped() });
      await expectReused(saved);
    });

    it('finds the token by its user signature alone and fills in the client', async () => {
      const saved = await firstStart();
      const token = await context.initialize(
        { userName: USER_NAME },
        { store: context.reopenWrapped(), withClient: false },
      );
      expect(token.getClientId()).toBe(CLIENT_ID);
      expect(token.getClientSecret()).toBe(CLIENT_SECRET);
      expect(token.getRefreshToken()).toBe(REFRESH_TOKEN);
      await expectReused(saved);
    });

    it('finds the token by its id', async () => {
      const saved = await firstStart();
      await context.initialize(
        { id: saved.id },
        { store: context.reopenWrapped(), withClient: false },
      );
      await expectReused(saved);
    });

    it('finds the token by the refresh token when the configuration also keeps a used grant token', async () => {
      const saved = await firstStart();
      await context.store.saveToken({ id: saved.id, grantToken: '1000.older-grant' });
      await context.initialize(
        { grantToken: '1000.another-used-grant', refreshToken: REFRESH_TOKEN },
        { store: context.reopenWrapped() },
      );
      expect(context.zoho.tokenRequests).toHaveLength(1);
      expect(await context.driver.getOrganization()).toEqual({ status: 200, companyName: 'Acme' });
      expect(context.zoho.apiRequests.at(-1)?.accessToken).toBe(saved.accessToken);
    });
  });
}
