import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../../src/conformance.js';
import { memoryStores, underA } from './keys.js';

describe('a store with encryption on', () => {
  it('passes the whole conformance suite', async () => {
    const stores = memoryStores();
    const result = await runConformance({
      create: () => stores.fresh(underA),
      reopen: (store) => stores.open(stores.namespaceOf(store), underA),
      open: (namespace) => stores.open(namespace, underA),
    });
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThan(60);
  });

  it('keeps no secret, and no lookup value, in plaintext in the backend', async () => {
    const stores = memoryStores();
    const store = stores.fresh(underA);
    const secrets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const token = {
        userName: `user-${randomUUID()}`,
        clientId: `client-${randomUUID()}`,
        clientSecret: `cs-${randomUUID()}`,
        grantToken: `gt-${randomUUID()}`,
        refreshToken: `rt-${randomUUID()}`,
        accessToken: `at-${randomUUID()}`,
      };
      await store.saveToken(token);
      await store.saveToken({ userName: token.userName, accessToken: `at2-${randomUUID()}` });
      secrets.push(token.clientSecret, token.grantToken, token.refreshToken, token.accessToken);
      expect(await store.findToken({ accessToken: token.accessToken })).toBeNull();
    }
    const raw = stores.raw(store);
    expect(raw.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(raw).not.toContain(secret);
    expect(raw).not.toMatch(/"at2?-|"rt-|"gt-|"cs-/);
  });
});
