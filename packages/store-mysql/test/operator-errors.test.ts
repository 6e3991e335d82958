import {
  failingCalls,
  freePort,
  MARIADB_DATABASE,
  type MariaDbServer,
  shownAnywhere,
  startMariaDb,
} from '@tokenstore/test-servers';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

// Errors an operator can act on (#20) on a real MariaDB: a wrong password for a user of this
// file's own, and a closed port. Each names the store and the driver's reason, gives the right
// retryable verdict, and shows neither a token nor the password anywhere.

const USER = 'tokenstore_app';
const PASSWORD = 'right-pass-c41e7a';
const WRONG = 'wrong-pass-93bd15';
let server: MariaDbServer;
let port: number;

beforeAll(async () => {
  server = await startMariaDb();
  port = Number(new URL(server.url).port);
  const admin = await mysql.createConnection({ uri: server.url });
  try {
    await admin.query(
      `CREATE USER IF NOT EXISTS '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'`,
    );
    await admin.query(`GRANT ALL ON \`${MARIADB_DATABASE}\`.* TO '${USER}'@'127.0.0.1'`);
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await server?.stop();
});

/** A save and a find on a store at `url`, which must both fail (see failingCalls). */
function failures(url: string): ReturnType<typeof failingCalls> {
  return failingCalls(new MysqlTokenStore({ url, table: freshTable() }));
}

describe('mysql errors an operator can act on', () => {
  it('a wrong password: STORE_MISCONFIGURED naming the store and the server reason, not retryable, no password shown', async () => {
    const { errors, secrets } = await failures(
      `mysql://${USER}:${WRONG}@127.0.0.1:${port}/${MARIADB_DATABASE}`,
    );
    for (const error of errors) {
      expect(error.code).toBe('STORE_MISCONFIGURED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`mysql 127.0.0.1:${port}/${MARIADB_DATABASE}`);
      expect(error.message).toContain(`Access denied for user '${USER}'@'127.0.0.1'`);
      expect(error.message).toContain('1045');
      expect(error.message).not.toMatch(/retrying may work/);
      for (const secret of [...secrets, WRONG, PASSWORD])
        expect(shownAnywhere(error)).not.toContain(secret);
    }
  });

  it('the right password works (the errors above were the configuration)', async () => {
    const store = new MysqlTokenStore({
      url: `mysql://${USER}:${PASSWORD}@127.0.0.1:${port}/${MARIADB_DATABASE}`,
      table: freshTable(),
    });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.close();
  });

  it('a closed port: STORE_UNAVAILABLE naming the store and ECONNREFUSED, retryable', async () => {
    const closed = await freePort();
    const { errors, secrets } = await failures(
      `mysql://${USER}:${WRONG}@127.0.0.1:${closed}/${MARIADB_DATABASE}`,
    );
    for (const error of errors) {
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`mysql 127.0.0.1:${closed}/${MARIADB_DATABASE}`);
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
      expect(error.message).toMatch(/retrying may work$/);
      for (const secret of [...secrets, WRONG]) expect(shownAnywhere(error)).not.toContain(secret);
    }
  });
});
