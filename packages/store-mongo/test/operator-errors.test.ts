import {
  type MongoServer,
  rejection,
  shownAnywhere,
  startFerretDB,
} from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';

// Errors an operator can act on (#20): FerretDB stopped. The error names the store and the
// driver's own reason, says retrying may work, and shows no secret anywhere; and retrying does
// work once the server is back, even for a store whose very first connection failed.

let server: MongoServer;

beforeAll(async () => {
  server = await startFerretDB();
  if (server.external) throw new Error('this test stops its own FerretDB: unset MONGODB_URL');
  await server.kill();
});

afterAll(async () => {
  await server?.stop();
});

describe('mongo errors an operator can act on', () => {
  it('a stopped server: STORE_UNAVAILABLE naming the store and ECONNREFUSED with the address, retryable', async () => {
    const port = Number(new URL(server.url).port);
    const store = new MongoTokenStore({
      url: server.url,
      database: 'tokenstore_test',
      collection: 'stopped',
      clientOptions: { serverSelectionTimeoutMS: 300 },
    });
    const tag = Math.random().toString(36).slice(2);
    const secrets = [`cs-secret-${tag}`, `rt-secret-${tag}`, `at-secret-${tag}`];
    const token = {
      userName: `u-${tag}`,
      clientId: 'c',
      clientSecret: secrets[0],
      refreshToken: secrets[1],
      accessToken: secrets[2],
    };
    const errors = [
      await rejection(store.saveToken(token)),
      await rejection(store.findToken({ userName: token.userName })),
      await rejection(store.ping()),
    ];
    for (const error of errors) {
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('mongodb namespace="tokenstore_test.stopped"');
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
      expect(error.message).toMatch(/retrying may work$/);
      for (const secret of secrets) expect(shownAnywhere(error)).not.toContain(secret);
    }
    expect(errors.map((e) => e.operation)).toEqual(['saveToken', 'findToken', 'ping']);

    // Retrying may work, and does: the driver had closed the client's topology after the
    // first failed connection ("Topology is closed" for ever), the store connects it again.
    await server.restart();
    const saved = await store.saveToken(token);
    expect(await store.findToken({ userName: token.userName })).toEqual(saved);
    await store.deleteTokens();
    await store.close();
  });
});
