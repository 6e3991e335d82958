import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const dir = tempDir();
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the database file', () => {
  it('is created with mode 0600, and so are its -wal and -shm files', async () => {
    const filename = join(dir, 'private.db');
    const store = new SqliteTokenStore({ filename });
    await store.saveToken({ userName: 'u', refreshToken: 'rt', clientId: 'c' });
    expect(modeOf(filename)).toBe(0o600);
    expect(modeOf(`${filename}-wal`)).toBe(0o600);
    expect(modeOf(`${filename}-shm`)).toBe(0o600);
    await store.close();
  });

  it('keeps the mode of a file that already exists', async () => {
    const filename = join(dir, 'shared.db');
    closeSync(openSync(filename, 'w'));
    chmodSync(filename, 0o640);
    const store = new SqliteTokenStore({ filename });
    await store.saveToken({ accessToken: 'at' });
    await store.close();
    expect(modeOf(filename)).toBe(0o640);
  });

  it('is switched to WAL mode, which other connections see', async () => {
    const filename = join(dir, 'pragmas.db');
    const store = new SqliteTokenStore({ filename });
    await store.saveToken({ accessToken: 'at' });
    // The journal mode is a property of the file: another connection sees it.
    const other = new Database(filename);
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    other.close();
    await store.close();
  });

  it('fails a write with STORE_UNAVAILABLE (SQLITE_BUSY) once busyTimeoutMs is spent', async () => {
    const filename = join(dir, 'busy.db');
    const store = new SqliteTokenStore({ filename, busyTimeoutMs: 0, synchronous: 'NORMAL' });
    await store.saveToken({ accessToken: 'first' });
    const locker = new Database(filename);
    locker.exec('BEGIN IMMEDIATE');
    const failed = await store.saveToken({ accessToken: 'second-secret' }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'STORE_UNAVAILABLE', cause: { code: 'SQLITE_BUSY' } });
    expect(inspect(failed, { depth: 10 })).not.toContain('second-secret');
    locker.exec('ROLLBACK');
    locker.close();
    expect(await store.findToken({ accessToken: 'second-secret' })).toBeNull();
    await expect(store.saveToken({ accessToken: 'second-secret' })).resolves.toMatchObject({
      version: 1,
    });
    await store.close();
  });

  it('leaves a database of the caller open, with its settings as they were', async () => {
    const db = new Database(join(dir, 'callers.db'));
    const table = freshTable();
    const store = new SqliteTokenStore({ database: db, table });
    const saved = await store.saveToken({ accessToken: 'at' });
    await store.close();
    expect(db.open).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    const reopened = new SqliteTokenStore({ database: db, table });
    expect(await reopened.findTokenById(saved.id)).toEqual(saved);
    await reopened.close();
    expect(db.open).toBe(true);
    db.close();
  });
});
