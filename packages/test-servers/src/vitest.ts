/**
 * Server fixtures for vitest: one server per test file, started before its tests and stopped
 * after them, instead of a hand-written `beforeAll(start)` / `afterAll(stop)` pair in each file;
 * and the describe suites that several adapters share (ping, restarts, README examples, and the
 * SQL stores' `describeSql*`), each adapter passing only what is its own. A separate entry, so
 * that what imports the servers alone (the benchmarks) never loads vitest.
 */
import { afterAll, beforeAll } from 'vitest';

/** What a fixture can stop: every server this package starts. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Starts a server with `start` in `beforeAll` and stops it in `afterAll` (also when a test
 * failed). Returns the accessor of the running server: call it inside tests and hooks, not at
 * module level (before `beforeAll` it throws, saying so).
 *
 * @example
 * const redis = serverForFile(() => startRedis());
 * it('saves', async () => { const store = new RedisTokenStore({ url: redis().url }); ... });
 */
export function serverForFile<S extends Stoppable>(start: () => Promise<S>): () => S {
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (server === undefined) {
      throw new Error(
        'serverForFile: the server is read before beforeAll started it (or after afterAll)',
      );
    }
    return server;
  };
}
export { describePing, type PingCheck } from './ping-suite.js';
export { describeReadmeExamples, type ReadmeExamples } from './readme-examples.js';
export { expectRefreshFromFoundRecord } from './refresh-calls.js';
export {
  CORE_REFUSALS,
  type CoreRefusal,
  describeRefusedCoreOptions,
  type RefusedOptionsTarget,
  thrownBy,
} from './refused-options.js';
export { describeServerRestarts, type ServerRestarts } from './restart-suite.js';
export { describeSqlCallerPool, type SqlCallerPool } from './sql-caller-pool.js';
export {
  describeSqlCloseWhileStalled,
  type SqlCloseWhileStalled,
  type WatchedStore,
} from './sql-close-while-stalled.js';
export { describeSqlConformance } from './sql-conformance.js';
export { describeSqlDriverErrors, type SqlDriverErrors } from './sql-driver-errors.js';
export { describeSqlExistingTable, type SqlExistingTable } from './sql-existing-table.js';
export { describeSqlMissingTable } from './sql-missing-table.js';
export {
  describeSqlOperatorErrors,
  type SqlOperatorErrors,
} from './sql-operator-errors.js';
export { describeSqlOptions, type SqlOptions } from './sql-options.js';
export { describeSqlProcesses, type SqlProcesses } from './sql-processes.js';
export { describeSqlStatementCancel, type SqlStatementCancel } from './sql-statement-cancel.js';
export { openSqlStore, type SqlStore, type SqlStoreOptions } from './sql-store.js';
export { describeSqlStoredRows, type SqlStoredRows } from './sql-stored-rows.js';
export {
  describeSqlTimeoutWhileWaiting,
  type SqlTimeoutWhileWaiting,
} from './sql-timeout-while-waiting.js';
