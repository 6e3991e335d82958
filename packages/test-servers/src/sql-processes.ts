import { runProcessConformance } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { runChild } from './run-child.js';
import type { SqlStore } from './sql-store.js';

/** What {@link describeSqlProcesses} runs in child processes, and the backend's own SQL. */
export interface SqlProcesses extends SqlStore {
  /** The variable the fixtures read the server's URL from (`TOKENSTORE_POSTGRES_URL`). */
  readonly urlVariable: string;
  /** The store factory of the process conformance cases (it imports the built package). */
  readonly factory: URL;
  /**
   * A child that opens a store on the table named by TOKENSTORE_TABLE and saves ten tokens of
   * its own (worker TOKENSTORE_WORKER) and ten times a token of userName `shared`.
   */
  readonly openAndSave: URL;
  /** The schema versions tokenstore_schema holds for `table`. */
  readonly schemaVersions: (table: string) => Promise<number[]>;
  /** How many rows `table` holds. */
  readonly rowCount: (table: string) => Promise<number>;
  /** The versions of the rows of `table` whose token has this userName. */
  readonly versionsOf: (table: string, userName: string) => Promise<number[]>;
}

/**
 * Registers the tests of one database shared by several OS processes: core's process
 * conformance cases, and four processes that open a fresh table at once and set its schema up
 * once, losing no save.
 */
export function describeSqlProcesses(sql: SqlProcesses): void {
  describe('one database shared by several OS processes', () => {
    it('passes the process conformance cases (same key, distinct keys, same expectedVersion)', async () => {
      // The factory runs here too (for the checking store) and reads the URL from the environment.
      process.env[sql.urlVariable] = sql.server().url;
      const result = await runProcessConformance({
        factory: sql.factory,
        processes: 2,
        savesPerProcess: 16,
        env: { [sql.urlVariable]: sql.server().url },
      });
      expect(result.failed).toEqual([]);
      expect(result.skipped).toEqual([]);
      expect(result.passed.length).toBeGreaterThanOrEqual(4);
    }, 120_000);

    it('sets the schema up once when four processes start on a fresh table at the same time', async () => {
      const table = sql.freshTable();
      const workers = ['1', '2', '3', '4'];
      const exits = await Promise.all(
        workers.map((worker) =>
          runChild(sql.openAndSave, {
            [sql.urlVariable]: sql.server().url,
            TOKENSTORE_TABLE: table,
            TOKENSTORE_WORKER: worker,
          }),
        ),
      );
      expect(exits).toEqual(workers.map(() => ({ code: 0, stderr: '' })));
      expect(await sql.schemaVersions(table)).toEqual([1]);
      expect(await sql.rowCount(table)).toBe(workers.length * 10 + 1);
      expect(await sql.versionsOf(table, 'shared')).toEqual([workers.length * 10]);
    }, 120_000);
  });
}
