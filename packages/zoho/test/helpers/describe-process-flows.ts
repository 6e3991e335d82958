import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenStore } from '@tokenstore/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeZoho } from './fake-zoho.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  EMAIL,
  GRANT_TOKEN,
  REFRESH_TOKEN,
  USER_NAME,
  ZGID,
} from './flow-context.js';
import { runApp } from './run-app.js';
import { tempDir } from './temp-dir.js';

// Each test starts two or three Node processes that load an SDK: generous on a busy 2-core machine.
const PROCESS_TEST_TIMEOUT_MS = 120_000;

/** Where the application processes keep their tokens: their environment, and a store to check. */
export interface SharedStore {
  readonly env: Record<string, string>;
  /** A store of the test process over the same data. */
  open(): TokenStore;
}

/**
 * Application processes (test/fixtures/sdk-app.ts) of one SDK sharing one store: a restarted
 * process takes over the token of the one before, and two processes at once keep one token.
 */
export function describeProcessFlows(
  sdk: 'typescript' | 'nodejs',
  label: string,
  sharedStore: () => SharedStore,
): void {
  describe(`${sdk} SDK processes sharing ${label}`, () => {
    const dir = tempDir();
    let zoho: FakeZoho;
    let shared: SharedStore;
    let store: TokenStore;

    beforeEach(async () => {
      zoho = await FakeZoho.start({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantTokens: [GRANT_TOKEN],
        email: EMAIL,
        zgid: ZGID,
      });
      shared = sharedStore();
      store = shared.open();
    });
    afterEach(async () => {
      await store.close();
      await zoho.stop();
    });

    const app = (token: Record<string, string>, requests: number) =>
      runApp({
        ...shared.env,
        ZOHO_SDK: sdk,
        ZOHO_URL: zoho.url,
        ZOHO_TOKEN: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...token }),
        ZOHO_REQUESTS: String(requests),
        ZOHO_RESOURCES: mkdtempSync(join(dir, 'resources-')),
      });

    it(
      'a new process finds the token the previous one saved, with no new exchange',
      async () => {
        const first = await app({ grantToken: GRANT_TOKEN }, 1);
        expect(first.statuses).toEqual([200]);
        const [saved] = await store.getTokens();
        expect(saved).toMatchObject({ id: first.tokenId, userName: USER_NAME });

        const second = await app({ refreshToken: REFRESH_TOKEN }, 2);
        expect(second).toEqual({ statuses: [200, 200], tokenId: first.tokenId });
        expect(zoho.tokenRequests).toHaveLength(1);
        // Every API request of both processes (the first one's user lookup included) carried the
        // access token of the first exchange.
        const used = zoho.apiRequests.map((request) => request.accessToken);
        expect(used).toHaveLength(5);
        expect(new Set(used)).toEqual(new Set([saved?.accessToken]));
        expect(await store.getTokens()).toMatchObject([{ id: saved?.id, version: saved?.version }]);
      },
      PROCESS_TEST_TIMEOUT_MS,
    );

    it(
      'two processes at once refresh one expiring token and keep a single stored token',
      async () => {
        // The first process gets an access token that the SDKs treat as expiring at once.
        zoho.accessTokenLifetimeSeconds = 1;
        const first = await app({ grantToken: GRANT_TOKEN }, 0);
        zoho.accessTokenLifetimeSeconds = 3600;
        const [exchanged] = await store.getTokens();

        const results = await Promise.all([
          app({ refreshToken: REFRESH_TOKEN }, 3),
          app({ refreshToken: REFRESH_TOKEN }, 3),
        ]);
        for (const result of results) {
          expect(result).toEqual({ statuses: [200, 200, 200], tokenId: first.tokenId });
        }
        expect(zoho.grants('authorization_code')).toHaveLength(1);
        const refreshes = zoho.grants('refresh_token');
        expect(refreshes.length).toBeGreaterThanOrEqual(1);
        expect(refreshes.length).toBeLessThanOrEqual(2);

        const tokens = await store.getTokens();
        expect(tokens).toHaveLength(1);
        // One save at the grant exchange and one after each refresh: none lost.
        expect(tokens[0]).toMatchObject({
          id: first.tokenId,
          version: (exchanged?.version ?? 0) + refreshes.length,
        });
        expect(zoho.issuedAccessTokens.slice(1)).toContain(tokens[0]?.accessToken);
      },
      PROCESS_TEST_TIMEOUT_MS,
    );
  });
}
