import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type MongoServer, mongoCommand, startFerretDB } from '../src/index.js';
import { canBind } from './helpers.js';

describe('startFerretDB', () => {
  const started: MongoServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  const start = async (): Promise<MongoServer> => {
    const server = await startFerretDB();
    started.push(server);
    return server;
  };

  it('starts FerretDB on loopback that answers ping and hello over the wire protocol', async () => {
    const mongo = await start();
    expect(mongo.external).toBe(false);
    expect(mongo.url).toBe(`mongodb://127.0.0.1:${mongo.port}/`);
    expect(await mongoCommand(mongo.host, mongo.port, 'admin', { ping: 1 })).toMatchObject({
      ok: 1,
    });
    const hello = await mongoCommand(mongo.host, mongo.port, 'admin', { hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    const build = await mongoCommand(mongo.host, mongo.port, 'admin', { buildInfo: 1 });
    expect(build).toMatchObject({ ok: 1 });
  });

  it('keeps data across restart() and a SIGKILL restart, on the same port', async () => {
    const mongo = await start();
    const insert = await mongoCommand(mongo.host, mongo.port, 'db', {
      insert: 'things',
      documents: [{ _id: 'a', n: 1 }],
    });
    expect(insert).toMatchObject({ n: 1, ok: 1 });
    const find = async (): Promise<unknown> => {
      const reply = await mongoCommand(mongo.host, mongo.port, 'db', {
        find: 'things',
        filter: { _id: 'a' },
      });
      return reply.cursor;
    };
    await mongo.restart();
    expect(await find()).toMatchObject({ firstBatch: [{ _id: 'a', n: 1 }] });
    await mongo.restart({ kill: true });
    expect(await find()).toMatchObject({ firstBatch: [{ _id: 'a', n: 1 }] });
  });

  it('kill() leaves it down until restart()', async () => {
    const mongo = await start();
    await mongo.kill();
    await expect(mongoCommand(mongo.host, mongo.port, 'admin', { ping: 1 })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await mongo.restart();
    expect(await mongoCommand(mongo.host, mongo.port, 'admin', { ping: 1 })).toMatchObject({
      ok: 1,
    });
  });

  it('enforces unique indexes and applies a filtered update at most once', async () => {
    const mongo = await start();
    const run = (command: Parameters<typeof mongoCommand>[3]) =>
      mongoCommand(mongo.host, mongo.port, 'db', command);
    await run({ createIndexes: 'tokens', indexes: [{ key: { k: 1 }, name: 'k_1', unique: true }] });
    expect(await run({ insert: 'tokens', documents: [{ _id: 1, k: 'x', v: 1 }] })).toMatchObject({
      n: 1,
    });
    const duplicate = await run({ insert: 'tokens', documents: [{ _id: 2, k: 'x', v: 1 }] });
    expect(duplicate).toMatchObject({ n: 0, writeErrors: [{ code: 11000 }] });
    const bump = { q: { _id: 1, v: 1 }, u: { $set: { v: 2 } } };
    expect(await run({ update: 'tokens', updates: [bump] })).toMatchObject({ n: 1, nModified: 1 });
    expect(await run({ update: 'tokens', updates: [bump] })).toMatchObject({ n: 0, nModified: 0 });
  });

  it('stop() frees the port and removes its data dir', async () => {
    const mongo = await startFerretDB();
    expect(await canBind(mongo.port)).toBe(false);
    await mongo.stop();
    expect(await canBind(mongo.port)).toBe(true);
    expect(mongo.dir !== undefined && existsSync(mongo.dir)).toBe(false);
    await mongo.stop();
  });
});
