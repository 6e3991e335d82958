import { rejectsWith } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { rawCollection } from './helpers/raw.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client } = await useServer();

describe('collection and database names', () => {
  it('refuses a collection named like another store’s lease collection', () => {
    const collection = freshCollection();
    expect(
      () => new MongoTokenStore({ client, database: DATABASE, collection: `${collection}.leases` }),
    ).toThrow(RangeError);
    const handle = client.db(DATABASE).collection(`${collection}.leases`);
    expect(() => new MongoTokenStore({ collectionHandle: handle })).toThrow(/reserved/);
  });

  it('refuses database and collection names the server would refuse, in the constructor', () => {
    for (const database of ['', 'a b', 'a.b', 'a$b', 'a/b', 'x'.repeat(64)]) {
      expect(() => new MongoTokenStore({ client, database }), `database ${database}`).toThrow(
        RangeError,
      );
    }
    for (const collection of ['', 'a$b', 'system.users', 'a\0b', '.a', 'a.', 'x'.repeat(250)]) {
      expect(
        () => new MongoTokenStore({ client, database: DATABASE, collection }),
        `collection ${collection}`,
      ).toThrow(RangeError);
    }
    expect(
      () => new MongoTokenStore({ client, database: DATABASE, collection: 'a.b-c_d' }),
    ).not.toThrow();
  });
});

describe('a token larger than a MongoDB document', () => {
  it('is INVALID_TOKEN (not STORE_UNAVAILABLE), on insert and on update, and writes nothing', async () => {
    const collection = freshCollection();
    const store = new MongoTokenStore({ client, database: DATABASE, collection });
    const huge = 'x'.repeat(17 * 1024 * 1024);
    try {
      await rejectsWith(
        store.saveToken({ userName: 'big', accessToken: huge }),
        'INVALID_TOKEN',
        'a 17 MiB insert',
      );
      expect(await rawCollection(client, collection).countDocuments()).toBe(0);
      const saved = await store.saveToken({ userName: 'big', accessToken: 'small' });
      const error = await rejectsWith(
        store.saveToken({ userName: 'big', refreshToken: huge }),
        'INVALID_TOKEN',
        'a 17 MiB update',
      );
      expect(error.message).toMatch(/too large/);
      expect(await store.findTokenById(saved.id)).toEqual(saved);
    } finally {
      await store.close();
    }
  });

  it('a token of 9 MiB, whose update filter cannot carry its data too, is updated', async () => {
    const collection = freshCollection();
    const store = new MongoTokenStore({ client, database: DATABASE, collection });
    const big = 'x'.repeat(9 * 1024 * 1024);
    try {
      const saved = await store.saveToken({ userName: 'big', refreshToken: big, clientId: 'c' });
      await store.findToken({ userName: 'big' }); // the update starts from the record found
      const updated = await store.saveToken({ userName: 'big', accessToken: 'a2' });
      expect(updated).toMatchObject({ id: saved.id, version: 2, accessToken: 'a2' });
      expect((await store.findTokenById(saved.id))?.refreshToken).toBe(big);
    } finally {
      await store.close();
    }
  });
});
