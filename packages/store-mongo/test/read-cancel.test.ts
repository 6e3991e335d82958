import { startStallingProxy } from '@tokenstore/test-servers';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { MongoBackend } from '../src/mongo-backend.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

// A read that outlived the store's timeout is abandoned by core; the driver must stop waiting
// for it too (core aborts the call's signal), or a hung server holds connections and promises
// for as long as it hangs.
const { server } = await useServer();
const proxy = await startStallingProxy(server.port);
const client = new MongoClient(`mongodb://127.0.0.1:${proxy.port}/`, {
  serverSelectionTimeoutMS: 10_000,
});
afterAll(async () => {
  proxy.resume();
  await client.close();
  await proxy.close();
});

const STILL_WAITING = Symbol('still waiting');

describe('MongoDB reads hand the call signal to the driver', () => {
  const db = client.db(DATABASE);
  const backend = new MongoBackend({
    records: db.collection(freshCollection()),
    leases: db.collection(freshCollection()),
    ownedClient: undefined,
    writeLeases: false,
    leaseMs: 10_000,
  });

  for (const [name, read] of [
    ['get', (signal: AbortSignal) => backend.get('absent-id', { signal })],
    [
      'findByKey',
      (signal: AbortSignal) => backend.findByKey('userName', 'ab'.repeat(16), { signal }),
    ],
  ] as const) {
    it(`${name}: an aborted read settles while the server does not answer`, async () => {
      expect(await read(new AbortController().signal)).toBeNull();
      proxy.stall();
      try {
        const controller = new AbortController();
        const pending = read(controller.signal);
        setTimeout(() => controller.abort(new Error('the store gave up on this call')), 100);
        const outcome = await Promise.race([
          pending.then(
            () => 'resolved',
            () => 'rejected',
          ),
          new Promise((resolve) => setTimeout(() => resolve(STILL_WAITING), 5_000)),
        ]);
        expect(outcome).toBe('rejected');
      } finally {
        proxy.resume();
      }
      // The connection the abort closed is replaced: the next read works.
      expect(await read(new AbortController().signal)).toBeNull();
    });
  }
});
