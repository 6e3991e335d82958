import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { server, client, ferretdb } = await useServer();

function leasesOf(collection: string) {
  return client
    .db(DATABASE)
    .collection<{ _id: string; o: string; at: number }>(`${collection}.leases`);
}

describe('write leases', () => {
  it(`are ${ferretdb ? 'on' : 'off'} by default on this server (${ferretdb ? 'FerretDB' : 'not FerretDB'})`, async () => {
    const logged = new MongoClient(server.url, { monitorCommands: true });
    const inserts: CommandStartedEvent[] = [];
    logged.on('commandStarted', (e) => {
      if (e.commandName === 'insert') inserts.push(e);
    });
    const collection = freshCollection();
    const store = new MongoTokenStore({ client: logged, database: DATABASE, collection });
    const saved = await store.saveToken({ accessToken: 'a' });
    await store.saveToken({ id: saved.id, accessToken: 'b' });
    await store.deleteToken(saved.id);
    const leaseInserts = inserts.filter((e) => e.command.insert === `${collection}.leases`);
    expect(leaseInserts).toHaveLength(ferretdb ? 2 : 0); // the replace and the delete
    expect(await leasesOf(collection).countDocuments()).toBe(0); // released
    await store.close();
    await logged.close();
  });

  it('a lease left by a writer that crashed blocks its token until it expires, then is taken over', async () => {
    const collection = freshCollection();
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection,
      writeLeases: true,
      leaseMs: 1_500,
    });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    const takenAt = Date.now();
    await leasesOf(collection).insertOne({ _id: saved.id, o: 'crashed-writer', at: takenAt });
    const updated = await store.saveToken({ userName: 'u', accessToken: 'b' });
    expect(updated.version).toBe(2);
    // It waited for the lease to expire rather than writing past it.
    expect(Date.now()).toBeGreaterThanOrEqual(takenAt + 1_500);
    expect(await leasesOf(collection).countDocuments()).toBe(0);
    await store.close();
  });

  it('a lease past its time is taken over at once, and deleteTokens removes leases too', async () => {
    const collection = freshCollection();
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection,
      writeLeases: true,
    });
    const saved = await store.saveToken({ accessToken: 'a' });
    await leasesOf(collection).insertOne({ _id: saved.id, o: 'old', at: Date.now() - 60_000 });
    expect(await store.deleteToken(saved.id)).toBe(true);
    await leasesOf(collection).insertOne({ _id: 'stray', o: 'old', at: Date.now() });
    await store.deleteTokens();
    expect(await leasesOf(collection).countDocuments()).toBe(0);
    await store.close();
  });

  it('make concurrent compare-and-set saves of one version exclusive (exactly one wins)', async () => {
    const collection = freshCollection();
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection,
      writeLeases: true,
    });
    for (let round = 0; round < 10; round++) {
      const saved = await store.saveToken({ userName: `u${round}`, accessToken: `a${round}` });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          store.saveToken({ id: saved.id, expiresAt: i }, { expectedVersion: 1 }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.findTokenById(saved.id))?.version).toBe(2);
    }
    await store.close();
  });
});
