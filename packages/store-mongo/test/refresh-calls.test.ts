import { expectRefreshFromFoundRecord } from '@tokenstore/test-servers/vitest';
import { describe, it } from 'vitest';
import { MongoBackend } from '../src/mongo-backend.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

// A refresh starts its save from the document the find returned (MongoBackend is remote): its
// replaceOne matches the version, the keys and the revision (the data's digest) that document
// held, so no second read is needed.
const { client } = await useServer();

describe('a refresh on MongoDB', () => {
  for (const writeLeases of [false, true]) {
    it(`is a findOne and a replaceOne${writeLeases ? ', under a write lease' : ''}`, async () => {
      const db = client.db(DATABASE);
      await expectRefreshFromFoundRecord(
        new MongoBackend({
          records: db.collection(freshCollection()),
          leases: db.collection(freshCollection()),
          ownedClient: undefined,
          writeLeases,
          leaseMs: 10_000,
        }),
      );
    });
  }
});
