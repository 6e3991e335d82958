import { join } from 'node:path';
import { runChild } from '@tokenstore/test-servers';
import { describeSqlExistingTable } from '@tokenstore/test-servers/vitest';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { createTableSql } from '../src/schema.js';
import { quoted } from '../src/table-name.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const openAndSave = new URL('./fixtures/open-and-save.ts', import.meta.url);

const dir = tempDir();

/** A caller-owned connection that records every statement it runs. */
function loggedDatabase(filename: string): { db: Database.Database; log: string[] } {
  const log: string[] = [];
  const db = new Database(filename, { verbose: (sql) => log.push(String(sql)) });
  return { db, log };
}

const creates = (log: string[]) => log.filter((sql) => /CREATE TABLE/i.test(sql));

async function exercise(store: SqliteTokenStore): Promise<void> {
  const saved = await store.saveToken({ userName: `u-${Math.random()}`, accessToken: 'a' });
  await store.findTokenById(saved.id);
  await store.findToken({ userName: 'nobody' });
  await store.saveToken({ id: saved.id, refreshToken: 'r', clientId: 'c' });
  await store.getTokens();
  await store.deleteToken(saved.id);
  await store.deleteTokens();
}

describe('schema set-up', () => {
  it('runs once per store, however many operations follow', async () => {
    const { db, log } = loggedDatabase(join(dir, 'once.db'));
    const store = new SqliteTokenStore({ database: db, table: freshTable() });
    expect(log).toEqual([]); // nothing happens until the store is used
    await exercise(store);
    const first = creates(log).length;
    expect(first).toBe(2); // the schema-version table and the token table
    await exercise(store);
    await exercise(store);
    expect(creates(log)).toHaveLength(first);
    await store.close();
    db.close();
  });

  it('is idempotent across stores: a second store on the table creates nothing new', async () => {
    const filename = join(dir, 'twice.db');
    const table = freshTable();
    const first = new SqliteTokenStore({ filename, table });
    const saved = await first.saveToken({ accessToken: 'kept' });
    await first.close();
    const { db, log } = loggedDatabase(filename);
    const second = new SqliteTokenStore({ database: db, table });
    expect(await second.findTokenById(saved.id)).toEqual(saved);
    expect(creates(log).filter((sql) => sql.includes(table))).toEqual([]);
    const versions = db.prepare('SELECT table_name, version FROM tokenstore_schema').all();
    expect(versions).toContainEqual({ table_name: table, version: 1 });
    await second.close();
    db.close();
  });

  it('is idempotent across processes that start on a fresh file at the same time', async () => {
    const filename = join(dir, 'processes.db');
    const table = freshTable();
    const workers = ['1', '2', '3', '4'];
    const exits = await Promise.all(
      workers.map((worker) =>
        runChild(openAndSave, {
          TOKENSTORE_SQLITE_FILE: filename,
          TOKENSTORE_SQLITE_TABLE: table,
          TOKENSTORE_WORKER: worker,
        }),
      ),
    );
    expect(exits).toEqual(workers.map(() => ({ code: 0, stderr: '' })));
    const db = new Database(filename);
    const rows = db.prepare('SELECT version FROM tokenstore_schema WHERE table_name = ?');
    expect(rows.pluck().all(table)).toEqual([1]);
    const count = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get();
    expect(count).toBe(workers.length * 10 + 1);
    db.close();
    const store = new SqliteTokenStore({ filename, table });
    expect(await store.findToken({ userName: 'shared' })).toMatchObject({
      version: workers.length * 10,
    });
    await store.close();
  });

  it('refuses a table written by a newer schema version, naming both versions', async () => {
    const filename = join(dir, 'newer.db');
    const table = freshTable();
    const store = new SqliteTokenStore({ filename, table });
    await store.saveToken({ accessToken: 'a' });
    await store.close();
    const db = new Database(filename);
    db.prepare('UPDATE tokenstore_schema SET version = 2 WHERE table_name = ?').run(table);
    db.close();
    const later = new SqliteTokenStore({ filename, table });
    await expect(later.findTokenById('x')).rejects.toMatchObject({
      code: 'STORE_MISCONFIGURED',
      message: expect.stringMatching(/schema version 2.*reads 1/),
    });
    await later.close();
  });
});

const existing = join(dir, 'existing.db');
// The test's own connection; each store opens the file with one of its own.
const raw = new Database(existing);
afterAll(() => raw.close());

describeSqlExistingTable({
  name: 'sqlite',
  freshTable,
  open: (table) => new SqliteTokenStore({ filename: existing, table }),
  run: async (statement) => {
    const prepared = raw.prepare(statement);
    if (!prepared.reader) {
      prepared.run();
      return [];
    }
    return prepared.all() as Record<string, unknown>[];
  },
  quoted,
  createTableSql,
});
