import { inspect } from 'node:util';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { rawCollection } from './helpers/raw.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { server, client } = await useServer();

describe('constructor options', () => {
  it('with url, database and collection: opens its own client and closes it on close()', async () => {
    const collection = freshCollection();
    const store = new MongoTokenStore({ url: server.url, database: DATABASE, collection });
    const saved = await store.saveToken({ accessToken: 'by-url' });
    expect(await rawCollection(client, collection).countDocuments()).toBe(1);
    await store.close();
    await expect(store.findTokenById(saved.id)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('with a client: uses it and leaves it open on close()', async () => {
    const own = new MongoClient(server.url);
    const collection = freshCollection();
    const store = new MongoTokenStore({ client: own, database: DATABASE, collection });
    await store.saveToken({ accessToken: 'by-client' });
    await store.close();
    expect(await own.db(DATABASE).collection(collection).countDocuments()).toBe(1);
    await own.close();
  });

  it('with a collection handle: stores there and leaves its client open', async () => {
    const collection = freshCollection();
    const handle = client.db(DATABASE).collection(collection);
    const store = new MongoTokenStore({ collectionHandle: handle });
    const saved = await store.saveToken({ accessToken: 'by-handle' });
    await store.close();
    expect(await handle.findOne({ _id: saved.id as never })).not.toBeNull();
  });

  it('defaults to database tokenstore and collection tokens', async () => {
    const store = new MongoTokenStore({ client });
    expect(inspect(store)).toBe('MongoTokenStore { mongodb namespace="tokenstore.tokens" }');
    await store.close();
  });

  it('refuses more than one of url, client and collectionHandle', () => {
    // @ts-expect-error the options' type refuses url and client together; the check at run time is for JavaScript callers
    expect(() => new MongoTokenStore({ url: server.url, client })).toThrow(TypeError);
    expect(
      // @ts-expect-error the options' type refuses client and collectionHandle together; the check at run time is for JavaScript callers
      () => new MongoTokenStore({ client, collectionHandle: client.db('x').collection('y') }),
    ).toThrow(/at most one of url, client and collectionHandle/);
    expect(() => new MongoTokenStore({ client, leaseMs: 0 })).toThrow(/leaseMs/);
  });

  it('never shows the connection string or its password in util.inspect', async () => {
    const url = server.url.replace('mongodb://', 'mongodb://user:hunter2@');
    const store = new MongoTokenStore({ url, collection: 'c1' });
    const shown = inspect(store, { depth: 10 });
    expect(shown).not.toContain('hunter2');
    expect(shown).toBe('MongoTokenStore { mongodb namespace="tokenstore.c1" }');
    await store.close();
    expect(inspect(store)).toContain('closed');
  });
});
