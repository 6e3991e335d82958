import { runProcessConformance } from '@tokenstore/core/conformance';
import { runChild } from '@tokenstore/test-servers';
import { describe, expect, it } from 'vitest';
import { freshTable, useServer } from './helpers/server.js';

const { server, pool } = await useServer();
const openAndSave = new URL('./fixtures/open-and-save.ts', import.meta.url);

describe('one database shared by several OS processes', () => {
  it('passes the process conformance cases (same key, distinct keys, same expectedVersion)', async () => {
    // The factory runs here too (for the checking store) and reads the URL from the environment.
    process.env.TOKENSTORE_POSTGRES_URL = server.url;
    const result = await runProcessConformance({
      // Imports @tokenstore/store-postgres, the built package: build it before running this test.
      factory: new URL('./fixtures/store-factory.ts', import.meta.url),
      processes: 2,
      savesPerProcess: 16,
      env: { TOKENSTORE_POSTGRES_URL: server.url },
    });
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('sets the schema up once when four processes start on a fresh table at the same time', async () => {
    const table = freshTable();
    const workers = ['1', '2', '3', '4'];
    const exits = await Promise.all(
      workers.map((worker) =>
        runChild(openAndSave, {
          TOKENSTORE_POSTGRES_URL: server.url,
          TOKENSTORE_TABLE: table,
          TOKENSTORE_WORKER: worker,
        }),
      ),
    );
    expect(exits).toEqual(workers.map(() => ({ code: 0, stderr: '' })));
    const versions = await pool.query(
      'SELECT version FROM tokenstore_schema WHERE table_name = $1',
      [table],
    );
    expect(versions.rows).toEqual([{ version: 1 }]);
    const count = await pool.query(`SELECT count(*)::int AS n FROM "${table}"`);
    expect(count.rows[0].n).toBe(workers.length * 10 + 1);
    const shared = await pool.query(
      `SELECT version FROM "${table}" WHERE data::jsonb->>'userName' = 'shared'`,
    );
    expect(shared.rows).toEqual([{ version: String(workers.length * 10) }]);
  }, 120_000);
});
