import type { CommandStartedEvent } from 'mongodb';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { KEY_INDEXES, MongoTokenStore } from '../src/index.js';
import { expectCode, rawCollection } from './helpers/raw.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { server, client } = await useServer();

/** A caller-owned client that records the name of every command it sends. */
async function loggedClient() {
  const logged = new MongoClient(server.url, { monitorCommands: true });
  const commands: CommandStartedEvent[] = [];
  logged.on('commandStarted', (event) => commands.push(event));
  await logged.connect();
  return { logged, commands };
}

const named = (commands: CommandStartedEvent[], name: string) =>
  commands.filter((c) => c.commandName === name);

async function exercise(store: MongoTokenStore, userName: string): Promise<void> {
  const saved = await store.saveToken({ userName, accessToken: `a-${userName}` });
  await store.findTokenById(saved.id);
  await store.findToken({ userName: 'nobody' });
  await store.saveToken({ id: saved.id, refreshToken: `r-${userName}`, clientId: 'c' });
  await store.getTokens();
  await store.deleteToken(saved.id);
}

describe('index set-up', () => {
  it('runs once per store, however many operations follow, even concurrent first calls', async () => {
    const { logged, commands } = await loggedClient();
    const store = new MongoTokenStore({
      client: logged,
      database: DATABASE,
      collection: freshCollection(),
    });
    expect(named(commands, 'createIndexes')).toEqual([]); // nothing until first use
    await Promise.all(Array.from({ length: 8 }, (_, i) => exercise(store, `u${i}`)));
    const created = named(commands, 'createIndexes').length;
    const listed = named(commands, 'listIndexes').length;
    expect(created).toBe(KEY_INDEXES.length); // one command per missing index
    expect(listed).toBe(1);
    await exercise(store, 'again');
    await store.deleteTokens();
    expect(named(commands, 'createIndexes')).toHaveLength(created);
    expect(named(commands, 'listIndexes')).toHaveLength(listed);
    await store.close();
    await logged.close();
  });

  it('creates exactly the documented unique indexes, and a second store only lists them', async () => {
    const collection = freshCollection();
    const first = new MongoTokenStore({ client, database: DATABASE, collection });
    await first.saveToken({ accessToken: 'a' });
    const indexes = await rawCollection(client, collection).listIndexes().toArray();
    const ours = indexes
      .filter((index) => index.name !== '_id_')
      .map(({ name, key, unique }) => ({ name, key, unique }));
    expect(ours.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'tokenstore_accessToken', key: { 'k.accessToken': 1 }, unique: true },
      { name: 'tokenstore_grantToken', key: { 'k.grantToken': 1 }, unique: true },
      { name: 'tokenstore_refreshToken', key: { 'k.refreshToken': 1 }, unique: true },
      { name: 'tokenstore_userName', key: { 'k.userName': 1 }, unique: true },
    ]);

    const { logged, commands } = await loggedClient();
    const second = new MongoTokenStore({ client: logged, database: DATABASE, collection });
    expect(await second.getTokens()).toHaveLength(1);
    expect(named(commands, 'createIndexes')).toEqual([]);
    await Promise.all([first.close(), second.close()]);
    await logged.close();
  });

  it('refuses a collection whose tokenstore index has other options, saying so', async () => {
    const collection = freshCollection();
    await rawCollection(client, collection).createIndex(
      { 'k.userName': 1 },
      { name: 'tokenstore_userName' },
    );
    const store = new MongoTokenStore({ client, database: DATABASE, collection });
    await expect(store.saveToken({ accessToken: 'a' })).rejects.toMatchObject({
      code: 'STORE_MISCONFIGURED',
      message: expect.stringMatching(/tokenstore_userName exists with other options/),
    });
    await expectCode(store.findTokenById('x'), 'STORE_MISCONFIGURED'); // tried again, same answer
    await store.close();
  });
});
