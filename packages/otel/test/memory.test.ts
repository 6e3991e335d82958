import { MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

describe('memory store telemetry', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    await checkStoreTelemetry(new MemoryTokenStore(), telemetry, /^memory/);
  });
});
