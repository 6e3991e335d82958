import { randomUUID } from 'node:crypto';
import { RedisTokenStore } from '@tokenstore/store-redis';
import { type RedisServer, startRedis } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(() => server?.stop());

describe('Redis store telemetry (redis-server)', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    const store = new RedisTokenStore({ url: server.url, prefix: `otel:${randomUUID()}:` });
    await checkStoreTelemetry(store, telemetry, /^redis /);
  });
});
