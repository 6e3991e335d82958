import { randomUUID } from 'node:crypto';
import { RedisTokenStore } from '@tokenstore/store-redis';
import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

const server = serverForFile(() => startRedis());

describe('Redis store telemetry (redis-server)', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    const store = new RedisTokenStore({ url: server().url, prefix: `otel:${randomUUID()}:` });
    await checkStoreTelemetry(store, telemetry, /^redis /);
  });
});
