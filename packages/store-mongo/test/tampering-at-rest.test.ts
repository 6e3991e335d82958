import { assertTamperingRefused } from '@tokenstore/core/conformance';
import { it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, useServer } from './helpers/server.js';

const { client } = await useServer();

it('refuses forged and planted plaintext documents and a wrong indexKey', async () => {
  await assertTamperingRefused({
    open: (collection, encryption) =>
      new MongoTokenStore({
        client,
        database: DATABASE,
        collection,
        ...(encryption ? { encryption } : {}),
      }),
  });
});
