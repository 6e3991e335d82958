import { isTokenStoreError, type TokenStore, type TokenStoreError } from '@tokenstore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { failingCalls, shownAnywhere } from './operator-errors.js';
import type { RestartableServer } from './restartable-server.js';

/** What {@link describeSqlOperatorErrors} starts, and what the server says to a wrong password. */
export interface SqlOperatorErrors {
  /** The scheme of the store's URLs, also its name in titles and messages (`postgres`). */
  readonly scheme: string;
  /** The database the URLs name. */
  readonly database: string;
  /** The login the test creates, its password, and a wrong one. */
  readonly user: string;
  readonly password: string;
  readonly wrongPassword: string;
  /**
   * Starts a server of the file's own on which `user` logs in with `password` only (the test
   * servers trust every login until told otherwise).
   */
  readonly start: () => Promise<RestartableServer>;
  /** A store at `url`, on a fresh table. */
  readonly open: (url: string) => TokenStore;
  /** What the server's refusal of the wrong password says, and its error code. */
  readonly refusal: { readonly reason: string; readonly code: string };
  /**
   * When the right login may lack the privilege to create the table (PostgreSQL 15+ on schema
   * public): what the `STORE_MISCONFIGURED` message then says. Otherwise the save must work.
   */
  readonly missingPrivilege?: RegExp;
}

/** Checks that none of `secrets` shows anywhere in `error` (message, cause chain, inspect). */
function expectNoneShown(error: TokenStoreError, secrets: readonly string[]): void {
  for (const secret of secrets) expect(shownAnywhere(error)).not.toContain(secret);
}

/**
 * Registers the tests of the errors an operator can act on, on a real SQL server: a wrong
 * password is `STORE_MISCONFIGURED` (not retryable) naming the store and the server's reason, a
 * closed port is `STORE_UNAVAILABLE` (retryable) naming ECONNREFUSED, and neither shows a token
 * or a password anywhere; the right password works, so the errors were the configuration.
 */
export function describeSqlOperatorErrors(sql: SqlOperatorErrors): void {
  let server: RestartableServer | undefined;
  let port: number;
  beforeAll(async () => {
    server = await sql.start();
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const urlAt = (at: number, password: string) =>
    `${sql.scheme}://${sql.user}:${password}@127.0.0.1:${at}/${sql.database}`;

  describe(`${sql.scheme} errors an operator can act on`, () => {
    it('a wrong password: STORE_MISCONFIGURED naming the store and the server reason, not retryable, no password shown', async () => {
      const { errors, secrets } = await failingCalls(sql.open(urlAt(port, sql.wrongPassword)));
      for (const error of errors) {
        expect(error.code).toBe('STORE_MISCONFIGURED');
        expect(error.retryable).toBe(false);
        expect(error.message).toContain(`${sql.scheme} 127.0.0.1:${port}/${sql.database}`);
        expect(error.message).toContain(sql.refusal.reason);
        expect(error.message).toContain(sql.refusal.code);
        expect(error.message).not.toMatch(/retrying may work/);
        expectNoneShown(error, [...secrets, sql.wrongPassword, sql.password]);
      }
    });

    it('the right password works (the errors above were the configuration)', async () => {
      const store = sql.open(urlAt(port, sql.password));
      try {
        const saved = await store
          .saveToken({ userName: 'u', accessToken: 'a' })
          .catch((e: unknown) => e);
        if (sql.missingPrivilege !== undefined && isTokenStoreError(saved)) {
          // A refused privilege is a configuration error too, and says so.
          expect(saved.code).toBe('STORE_MISCONFIGURED');
          expect(saved.message).toMatch(sql.missingPrivilege);
        } else {
          expect(saved).toMatchObject({ userName: 'u', version: 1 });
          const { id } = saved as { id: string };
          expect(await store.findTokenById(id)).toEqual(saved);
        }
      } finally {
        await store.close();
      }
    });

    it('a closed port: STORE_UNAVAILABLE naming the store and ECONNREFUSED, retryable', async () => {
      const closed = await freePort();
      const { errors, secrets } = await failingCalls(sql.open(urlAt(closed, sql.wrongPassword)));
      for (const error of errors) {
        expect(error.code).toBe('STORE_UNAVAILABLE');
        expect(error.retryable).toBe(true);
        expect(error.message).toContain(`${sql.scheme} 127.0.0.1:${closed}/${sql.database}`);
        expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
        expect(error.message).toMatch(/retrying may work$/);
        expectNoneShown(error, [...secrets, sql.wrongPassword]);
      }
    });
  });
}
