import type { TokenRecord } from '@tokenstore/core/backend';
import { MongoClient } from 'mongodb';
import { describe, expect, it, onTestFinished } from 'vitest';
import { toDocument } from '../src/document.js';
import { MongoBackend, MongoTokenStore } from '../src/index.js';
import { rawCollection } from './helpers/raw.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

// A token deleted and saved again under its id by another instance restarts at version 1, often
// with the same keys: only its data tells it from the one read before, and an update carrying
// a document over about 8 MiB cannot carry the old data in its filter as well (16 MiB per
// command). The update matches the revision (the digest of the data) instead, at every size.
const { server, client } = await useServer();

/** Over the size at which a filter could no longer carry the old data beside the document. */
const BIG = 'x'.repeat(8.5 * 1024 * 1024);

/** Names of the commands `logged` sends on `collection`, from now on. */
function commandsOn(logged: MongoClient, collection: string): string[] {
  const names: string[] = [];
  logged.on('commandStarted', (event) => {
    if (event.command[event.commandName] === collection) names.push(event.commandName);
  });
  return names;
}

for (const writeLeases of [undefined, false]) {
  const variant = writeLeases === false ? ', without write leases' : '';

  describe(`a token over 8 MiB deleted and saved again by another instance${variant}`, () => {
    it('is never overwritten by a save that started from the token read before', async () => {
      const collection = freshCollection();
      const logged = new MongoClient(server.url, { monitorCommands: true });
      const open = (on: MongoClient) =>
        new MongoTokenStore({
          client: on,
          database: DATABASE,
          collection,
          ...(writeLeases === undefined ? {} : { writeLeases }),
        });
      const a = open(logged);
      const b = open(client);
      onTestFinished(async () => {
        await a.close();
        await b.close();
        await logged.close();
      });
      const token = { userName: 'big', clientId: 'c', refreshToken: 'r1', clientSecret: BIG };
      const first = await a.saveToken(token);
      await a.findToken({ userName: 'big' }); // instance A now starts its next save from this
      expect(await b.deleteToken(first.id)).toBe(true);
      const again = { ...token, id: first.id, clientSecret: 'new-secret', expiresAt: 1 };
      const second = await b.saveToken(again);
      expect(second.version).toBe(first.version); // same id, version and keys; other data

      const commands = commandsOn(logged, collection);
      const saved = await a.saveToken({ userName: 'big', apiDomain: 'https://x.example' });
      // The save started from the token A read (an update first, no find), so it is the
      // compare-and-set that must tell the token saved again from it, and it did: the update
      // matched nothing, A read B's token and merged onto it.
      expect(commands).toEqual(['update', 'find', 'update']);
      const merged = { ...again, apiDomain: 'https://x.example', version: 2 };
      expect(saved).toMatchObject(merged);
      expect(await b.findTokenById(first.id)).toMatchObject(merged);
    });
  });
}

describe('documents written before revisions (no r)', () => {
  const record = (data: string): TokenRecord => ({
    id: 'old',
    version: 1,
    keys: { userName: 'digest-of-the-user-name' },
    data,
  });

  /** Two backends on one fresh collection, and that collection as the driver sees it. */
  function twoInstances() {
    const collection = freshCollection();
    const db = client.db(DATABASE);
    const backend = () =>
      new MongoBackend({
        records: db.collection(collection),
        leases: db.collection(`${collection}.leases`),
        ownedClient: undefined,
        writeLeases: undefined,
        leaseMs: 10_000,
      });
    return { a: backend(), b: backend(), raw: rawCollection(client, collection) };
  }

  /** Inserts the document an earlier version of the store wrote for `written`: no `r`. */
  async function insertUnrevised(raw: ReturnType<typeof rawCollection>, written: TokenRecord) {
    const { r: _, ...unrevised } = toDocument(written);
    await raw.insertOne(unrevised);
  }

  it('are updated, and get a revision', async () => {
    const { a, raw } = twoInstances();
    await insertUnrevised(raw, record('{"old":1}'));
    const read = await a.get('old');
    expect(read?.revision).toBeUndefined();
    if (read === null) throw new Error('not read');
    const next = { ...read, version: 2, data: '{"old":2}' };
    expect(await a.replace(next, read)).toEqual({
      status: 'ok',
      revision: toDocument(next).r,
    });
    expect(await raw.findOne({ _id: 'old' })).toMatchObject({ v: 2, r: toDocument(next).r });
  });

  it('are not overwritten once saved again by an earlier version with other data', async () => {
    const { a, b, raw } = twoInstances();
    await insertUnrevised(raw, record('{"old":1}'));
    const read = await a.get('old');
    if (read === null) throw new Error('not read');
    expect(await b.delete('old')).toBe(true);
    await insertUnrevised(raw, record('{"new":1}')); // same id, version and keys
    expect(await a.replace({ ...read, version: 2, data: '{"old":2}' }, read)).toEqual({
      status: 'stale',
    });
    expect((await b.get('old'))?.data).toBe('{"new":1}');
  });

  it('over 8 MiB, are not overwritten once saved again by this version', async () => {
    const { a, b, raw } = twoInstances();
    await insertUnrevised(raw, record(BIG));
    const read = await a.get('old');
    if (read === null) throw new Error('not read');
    expect(read.revision).toBeUndefined();
    expect(await b.delete('old')).toBe(true);
    expect((await b.insert(record('{"new":1}'))).status).toBe('ok');
    expect(await a.replace({ ...read, version: 2 }, read)).toEqual({ status: 'stale' });
    expect((await b.get('old'))?.data).toBe('{"new":1}');
  });
});
