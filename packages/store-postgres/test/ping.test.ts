import { startPostgres } from '@tokenstore/test-servers';
import { describe, expect, it } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

const external = process.env.POSTGRES_URL !== undefined && process.env.POSTGRES_URL !== '';

describe('ping', () => {
  it('resolves while PostgreSQL runs, STORE_UNAVAILABLE once it is stopped, STORE_CLOSED once closed', async () => {
    if (external) throw new Error('this test stops its own PostgreSQL: unset POSTGRES_URL');
    const server = await startPostgres();
    const store = new PostgresTokenStore({ url: server.url, table: freshTable() });
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
