import { randomUUID } from 'node:crypto';
import { MongoTokenStore } from '@tokenstore/store-mongo';
import { type MongoServer, startFerretDB } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

let server: MongoServer;
beforeAll(async () => {
  server = await startFerretDB();
});
afterAll(() => server?.stop());

describe('MongoDB store telemetry (FerretDB)', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    const store = new MongoTokenStore({
      url: server.url,
      database: 'tokenstore_otel',
      collection: `t${randomUUID().replaceAll('-', '')}`,
    });
    await checkStoreTelemetry(store, telemetry, /^mongodb /);
  });
});
