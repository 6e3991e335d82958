import { describe, expect, it } from 'vitest';
import { type FlowContext, GRANT_TOKEN } from '../helpers/flow-context.js';

/** OAuthToken.remove(): the SDK deletes its token from the store by id. */
export function removeFlows(context: FlowContext): void {
  describe('token.remove()', () => {
    it('deletes the stored token, and a second remove rejects with the SDK exception', async () => {
      const token = await context.initialize({ grantToken: GRANT_TOKEN });
      const id = token.getId();
      expect(id).toEqual(expect.any(String));

      expect(await token.remove()).toBe(true);
      expect(await context.store.getTokens()).toEqual([]);
      expect(await context.store.findTokenById(id ?? '')).toBeNull();

      // As the SDK's FileStore does for an unknown id.
      await expect(token.remove()).rejects.toBeInstanceOf(context.driver.SDKException);
    });
  });
}
