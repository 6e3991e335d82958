import { startFerretDB } from '@tokenstore/test-servers';
import { describePing } from '@tokenstore/test-servers/vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection } from './helpers/server.js';

describePing({
  name: 'FerretDB',
  envVar: 'MONGODB_URL',
  start: () => startFerretDB(),
  open: (url) =>
    new MongoTokenStore({
      url,
      database: DATABASE,
      collection: freshCollection(),
      clientOptions: { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 },
    }),
});
