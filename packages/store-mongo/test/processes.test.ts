import { runProcessConformance } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.js';

const { server } = await useServer();

describe('one collection shared by several OS processes', () => {
  it('passes the process conformance cases (every unique key, distinct keys, same expectedVersion)', async () => {
    // The factory runs here too (for the checking store) and reads the URL from the environment.
    process.env.TOKENSTORE_MONGODB_URL = server.url;
    const result = await runProcessConformance({
      // Imports @tokenstore/store-mongo, the built package: build it before running this test.
      factory: new URL('./fixtures/store-factory.ts', import.meta.url),
      processes: 2,
      savesPerProcess: 16,
      env: { TOKENSTORE_MONGODB_URL: server.url },
    });
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
