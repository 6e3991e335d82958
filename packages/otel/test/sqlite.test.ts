import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { afterAll, describe, it } from 'vitest';
import { checkStoreTelemetry } from './helpers/scenario.js';
import { useTelemetry } from './helpers/telemetry.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-otel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store telemetry', () => {
  const telemetry = useTelemetry();
  it('one span per operation with its outcome, the metrics, no secret anywhere', async () => {
    const store = new SqliteTokenStore({ filename: join(dir, 'tokens.db') });
    await checkStoreTelemetry(store, telemetry, /^sqlite /);
  });
});
