import { runProcessConformance } from '@tokenstore/core/conformance';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: MotoServer;

beforeAll(async () => {
  server = await startMoto();
});

afterAll(async () => {
  await server?.stop();
});

describe('one moto shared by several OS processes', () => {
  it('passes the process conformance cases (every unique key, distinct keys, same expectedVersion)', async () => {
    // The factory runs here too (for the checking store) and reads the endpoint from the env.
    process.env.TOKENSTORE_SM_ENDPOINT = server.endpoint;
    const result = await runProcessConformance({
      // Imports @tokenstore/store-secrets-manager, the built package: build it before this test.
      factory: new URL('./fixtures/store-factory.ts', import.meta.url),
      processes: 2,
      savesPerProcess: 8,
      env: { TOKENSTORE_SM_ENDPOINT: server.endpoint },
    });
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
