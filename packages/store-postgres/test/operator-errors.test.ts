import { isTokenStoreError } from '@tokenstore/core';
import {
  failingCalls,
  freePort,
  type PostgresServer,
  shownAnywhere,
  startPostgres,
} from '@tokenstore/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

// Errors an operator can act on (#20) on a real PostgreSQL: a wrong password (the test server
// trusts every login, so this file switches its pg_hba.conf to scram-sha-256 for a role of its
// own) and a closed port. Each names the store and the driver's reason, gives the right
// retryable verdict, and shows neither a token nor the password anywhere.

const ROLE = 'tokenstore_app';
const PASSWORD = 'right-pass-5d19c2';
const WRONG = 'wrong-pass-8a03fe';
let server: PostgresServer;
let port: number;

beforeAll(async () => {
  server = await startPostgres();
  if (server.external)
    throw new Error('this test rewrites its own server pg_hba.conf: unset POSTGRES_URL');
  port = Number(new URL(server.url).port);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ hba_file: string }>('SHOW hba_file');
    const hba = rows[0]?.hba_file as string;
    // The superuser keeps its trusted login (test-servers' readiness check uses it).
    const lines = [
      'host all postgres 127.0.0.1/32 trust',
      'host all all 127.0.0.1/32 scram-sha-256',
    ];
    await admin.query(
      `COPY (SELECT unnest(ARRAY[${lines.map((line) => `'${line}'`).join(', ')}])) TO '${hba}'`,
    );
    await admin.query('SELECT pg_reload_conf()');
    await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await admin.query(`GRANT CREATE ON SCHEMA public TO ${ROLE}`);
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await server?.stop();
});

/** A save and a find on a store at `url`, which must both fail (see failingCalls). */
function failures(url: string): ReturnType<typeof failingCalls> {
  return failingCalls(
    new PostgresTokenStore({ url, table: freshTable(), poolOptions: { max: 1 } }),
  );
}

describe('postgres errors an operator can act on', () => {
  it('a wrong password: STORE_MISCONFIGURED naming the store and the server reason, not retryable, no password shown', async () => {
    const { errors, secrets } = await failures(
      `postgres://${ROLE}:${WRONG}@127.0.0.1:${port}/postgres`,
    );
    for (const error of errors) {
      expect(error.code).toBe('STORE_MISCONFIGURED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`postgres 127.0.0.1:${port}/postgres`);
      expect(error.message).toContain(`password authentication failed for user "${ROLE}"`);
      expect(error.message).toContain('28P01');
      expect(error.message).not.toMatch(/retrying may work/);
      for (const secret of [...secrets, WRONG, PASSWORD])
        expect(shownAnywhere(error)).not.toContain(secret);
    }
  });

  it('the right password works (the errors above were the configuration)', async () => {
    const store = new PostgresTokenStore({
      url: `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${port}/postgres`,
      table: freshTable(),
    });
    // The role may not create tables in schema public (PostgreSQL 15+): a refused privilege is
    // a configuration error too, and says so.
    const saved = await store
      .saveToken({ userName: 'u', accessToken: 'a' })
      .catch((e: unknown) => e);
    if (isTokenStoreError(saved)) {
      expect(saved.code).toBe('STORE_MISCONFIGURED');
      expect(saved.message).toMatch(/permission denied for schema public/);
    } else {
      expect(saved).toMatchObject({ userName: 'u', version: 1 });
    }
    await store.close();
  });

  it('a closed port: STORE_UNAVAILABLE naming the store and ECONNREFUSED, retryable', async () => {
    const closed = await freePort();
    const { errors, secrets } = await failures(
      `postgres://${ROLE}:${WRONG}@127.0.0.1:${closed}/postgres`,
    );
    for (const error of errors) {
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`postgres 127.0.0.1:${closed}/postgres`);
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
      expect(error.message).toMatch(/retrying may work$/);
      for (const secret of [...secrets, WRONG]) expect(shownAnywhere(error)).not.toContain(secret);
    }
  });
});
