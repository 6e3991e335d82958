import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteBackend, SqliteTokenStore } from '../src/index.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const dir = tempDir();
const KEY_COLUMNS = ['user_key', 'access_key', 'refresh_key', 'grant_key'];

afterEach(() => {
  vi.restoreAllMocks();
});

function openDb(): Database.Database {
  const db = new Database(join(dir, 'writes.db'));
  db.pragma('journal_mode = WAL');
  return db;
}

describe('how the SQLite backend writes', () => {
  it("a refresh's UPDATE sets only the key column that changed", async () => {
    const db = openDb();
    const table = freshTable();
    const store = new SqliteTokenStore({ database: db, table });
    await store.saveToken({ userName: 'u', accessToken: 'a1', clientId: 'c', refreshToken: 'r' });
    // An UPDATE OF trigger fires when its column is in the SET list, changed value or not.
    db.exec('CREATE TABLE set_columns (name TEXT)');
    for (const column of KEY_COLUMNS) {
      db.exec(
        `CREATE TRIGGER log_${column} AFTER UPDATE OF ${column} ON ${table}
         BEGIN INSERT INTO set_columns VALUES ('${column}'); END`,
      );
    }
    await store.saveToken({ userName: 'u', accessToken: 'a2', expiresAt: 1 });
    expect(db.prepare('SELECT name FROM set_columns').pluck().all()).toEqual(['access_key']);
    await store.saveToken({ userName: 'u', refreshToken: 'r2', grantToken: 'g' });
    expect(db.prepare('SELECT name FROM set_columns').pluck().all().sort()).toEqual([
      'access_key',
      'grant_key',
      'refresh_key',
    ]);
    expect(
      await store.findToken({ clientId: 'c', clientSecret: 's', grantToken: 'g' }),
    ).toMatchObject({ accessToken: 'a2', refreshToken: 'r2', version: 3 });
    await store.close();
    db.close();
  });

  it('replaces only a row that still holds the version and the key digests it was read with', async () => {
    const db = openDb();
    const backend = new SqliteBackend({ db, table: freshTable(), owned: false });
    const record = { id: 'r1', version: 1, keys: { userName: 'd-u1' }, data: '{"userName":"x"}' };
    expect(await backend.insert(record)).toEqual({ status: 'ok' });
    // Same id and version, other keys: the row was deleted and inserted again meanwhile.
    const other = { ...record, keys: { userName: 'd-u0' } };
    const next = { ...record, version: 2, keys: { userName: 'd-u2' } };
    expect(await backend.replace(next, other)).toEqual({ status: 'stale' });
    expect(await backend.get('r1')).toEqual(record);
    expect(await backend.replace(next, record)).toEqual({ status: 'ok' });
    expect(await backend.findByKey('userName', 'd-u2')).toEqual(next);
    db.close();
  });

  it('builds its write transactions once, not per write', async () => {
    const db = openDb();
    const transaction = vi.spyOn(db, 'transaction');
    const store = new SqliteTokenStore({ database: db, table: freshTable() });
    for (let i = 0; i < 20; i++) await store.saveToken({ userName: `u${i}`, accessToken: `a${i}` });
    for (let i = 0; i < 20; i++) await store.saveToken({ userName: `u${i}`, accessToken: `b${i}` });
    // The schema set-up's one, then one each for insert and replace.
    expect(transaction.mock.calls.length).toBeLessThanOrEqual(3);
    await store.close();
    db.close();
  });
});
