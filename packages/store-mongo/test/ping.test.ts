import { startFerretDB } from '@tokenstore/test-servers';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection } from './helpers/server.js';

const external = process.env.MONGODB_URL !== undefined && process.env.MONGODB_URL !== '';

describe('ping', () => {
  it('resolves while the server runs, STORE_UNAVAILABLE once it is stopped, STORE_CLOSED once closed', async () => {
    if (external) throw new Error('this test stops its own FerretDB: unset MONGODB_URL');
    const server = await startFerretDB();
    const store = new MongoTokenStore({
      url: server.url,
      database: DATABASE,
      collection: freshCollection(),
      clientOptions: { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 },
    });
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
