import { randomUUID } from 'node:crypto';
import { SecretsManagerTokenStore } from '@tokenstore/store-secrets-manager';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

let server: MotoServer;
beforeAll(async () => {
  server = await startMoto();
});
afterAll(() => server?.stop());

describe('Secrets Manager store telemetry (moto)', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    const store = new SecretsManagerTokenStore({
      prefix: `otel/${randomUUID()}/`,
      clientConfig: {
        endpoint: server.endpoint,
        region: server.region,
        credentials: { ...server.credentials },
      },
    });
    await checkStoreTelemetry(store, telemetry, /^secrets-manager /);
  });
});
