import { join } from 'node:path';
import { byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const dir = tempDir();

// One shared file; every store gets a table of its own, which also proves namespace isolation.
const filename = join(dir, 'conformance.db');
describeTokenStore(
  'sqlite file, one table per store',
  byNamespace((table) => new SqliteTokenStore({ filename, table }), freshTable),
);

// A database the caller opened: the stores use it and never close it.
const callers = new Database(join(dir, 'callers.db'), { timeout: 5000 });
callers.pragma('journal_mode = WAL');

function callerStore(table: string): SqliteTokenStore {
  return new SqliteTokenStore({ database: callers, table });
}

describeTokenStore("sqlite on the caller's database", byNamespace(callerStore, freshTable));

it("leaves the caller's database open after closing every store of the suite on it", async () => {
  // Tests in a file run in order: every store above has been created, used and closed.
  expect(callers.open).toBe(true);
  const probe = callerStore(freshTable());
  await probe.close();
  expect(callers.open).toBe(true);
  expect(callers.prepare('SELECT count(*) FROM tokenstore_schema').pluck().get()).toBeGreaterThan(
    60,
  );
});

afterAll(() => callers.close());
