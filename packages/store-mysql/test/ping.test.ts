import { startMariaDb } from '@tokenstore/test-servers';
import { describe, expect, it } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

const external = process.env.MYSQL_URL !== undefined && process.env.MYSQL_URL !== '';

describe('ping', () => {
  it('resolves while MariaDB runs, STORE_UNAVAILABLE once it is stopped, STORE_CLOSED once closed', async () => {
    if (external) throw new Error('this test stops its own MariaDB: unset MYSQL_URL');
    const server = await startMariaDb();
    const store = new MysqlTokenStore({ url: server.url, table: freshTable() });
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
