import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client } = await useServer();

describe('errors of writes', () => {
  it('a write over the document limit is refused as INVALID_TOKEN before it is sent, never showing the token', async () => {
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection: freshCollection(),
    });
    // Over the 16 MiB document limit: the store refuses it before the server would (it used to
    // reach the server and come back as STORE_UNAVAILABLE), with the document in hand.
    const secret = `secret-${'x'.repeat(17 * 1024 * 1024)}`;
    const error = await store.saveToken({ accessToken: secret }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_TOKEN' });
    const shown = inspect(error, { depth: 10 });
    expect(shown).not.toContain('secret-xxxx');
    expect(await store.getTokens()).toEqual([]);
    await store.close();
  });
});
