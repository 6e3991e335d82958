import { randomUUID } from 'node:crypto';
import { MongoTokenStore } from '@tokenstore/store-mongo';
import { startFerretDB } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

const server = serverForFile(() => startFerretDB());

describe('MongoDB store telemetry (FerretDB)', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    const store = new MongoTokenStore({
      url: server().url,
      database: 'tokenstore_otel',
      collection: `t${randomUUID().replaceAll('-', '')}`,
    });
    await checkStoreTelemetry(store, telemetry, /^mongodb /);
  });
});
