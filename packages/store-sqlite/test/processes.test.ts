import { join } from 'node:path';
import { runProcessConformance } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.js';

const filename = join(tempDir(), 'processes.db');

describe('sqlite file shared by several OS processes', () => {
  it('passes the process conformance cases (every unique key, distinct keys, same expectedVersion)', async () => {
    // The factory runs here too (for the checking store) and reads the path from the environment.
    process.env.TOKENSTORE_SQLITE_FILE = filename;
    const result = await runProcessConformance({
      // Imports @tokenstore/store-sqlite, the built package: build it before running this test.
      factory: new URL('./fixtures/store-factory.ts', import.meta.url),
      processes: 2,
      savesPerProcess: 16,
      env: { TOKENSTORE_SQLITE_FILE: filename },
    });
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThanOrEqual(4);
  });
});
