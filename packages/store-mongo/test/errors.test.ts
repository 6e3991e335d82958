import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore, RedactedServerError } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client } = await useServer();

describe('errors of writes', () => {
  it('a refused write surfaces as STORE_UNAVAILABLE with a redacted cause, never the token', async () => {
    const store = new MongoTokenStore({
      client,
      database: DATABASE,
      collection: freshCollection(),
    });
    // Over the 16 MiB document limit: refused, with the document in hand.
    const secret = `secret-${'x'.repeat(17 * 1024 * 1024)}`;
    const error = await store.saveToken({ accessToken: secret }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).cause).toBeInstanceOf(RedactedServerError);
    const shown = inspect(error, { depth: 10 });
    expect(shown).not.toContain('secret-xxxx');
    expect(await store.getTokens()).toEqual([]);
    await store.close();
  });
});
