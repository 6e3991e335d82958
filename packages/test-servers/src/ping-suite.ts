import type { BackedTokenStore } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import type { RestartableServer } from './restartable-server.js';

/** What {@link describePing} stops and how it opens a store there. */
export interface PingCheck {
  /** The server's name in the title and messages (`PostgreSQL`). */
  readonly name: string;
  /** The env variable that names an external server, which the test cannot stop (`POSTGRES_URL`). */
  readonly envVar: string;
  /** Starts a server of the test's own. */
  readonly start: () => Promise<RestartableServer>;
  /** A store on the server at `url`, on a fresh namespace. */
  readonly open: (url: string) => BackedTokenStore;
}

/**
 * Registers the readiness-probe test of a store: `ping()` resolves while the server runs, rejects
 * with `STORE_UNAVAILABLE` once it is stopped and with `STORE_CLOSED` once the store is closed.
 * It stops its own server, so an external one (`envVar` set) fails it, naming the variable.
 */
export function describePing(check: PingCheck): void {
  describe('ping', () => {
    it(`resolves while ${check.name} runs, STORE_UNAVAILABLE once it is stopped, STORE_CLOSED once closed`, async () => {
      const server = await check.start();
      if (server.external) {
        await server.stop();
        throw new Error(`this test stops its own ${check.name}: unset ${check.envVar}`);
      }
      const store = check.open(server.url);
      try {
        await expect(store.ping()).resolves.toBeUndefined();
        await server.stop();
        const failure = await store.ping().catch((error: unknown) => error);
        expect(failure).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      } finally {
        await server.stop();
        await store.close();
      }
      await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });
  });
}
