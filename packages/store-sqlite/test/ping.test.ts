import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir();

describe('ping', () => {
  it('resolves while the database is open and rejects with STORE_CLOSED once the store is closed', async () => {
    const store = new SqliteTokenStore({ filename: join(dir, 'ping.db') });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('rejects with STORE_UNAVAILABLE when the caller closed its database', async () => {
    const database = new Database(join(dir, 'ping-owned.db'));
    const store = new SqliteTokenStore({ database });
    await expect(store.ping()).resolves.toBeUndefined();
    database.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
