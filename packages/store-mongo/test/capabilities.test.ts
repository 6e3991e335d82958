import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client, ferretdb } = await useServer();

describe('MongoTokenStore capabilities, declared by its backend', () => {
  it('has atomic conditional writes with write leases (the default)', async () => {
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection: freshCollection(),
    });
    expect(await store.capabilities()).toEqual({});
    await store.close();
  });

  it('lacks them without write leases exactly on FerretDB', async () => {
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection: freshCollection(),
      writeLeases: false,
    });
    expect(await store.capabilities()).toEqual(ferretdb ? { atomicConditionalWrites: false } : {});
    await store.close();
  });
});
