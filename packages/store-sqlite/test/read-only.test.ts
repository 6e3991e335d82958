import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isTokenStoreError } from '@tokenstore/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function tablesOf(filename: string): string[] {
  const db = new Database(filename, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe('readOnly: true', () => {
  it('reads a store another one wrote, and refuses writes', async () => {
    const filename = join(dir, 'written.db');
    const writer = new SqliteTokenStore({ filename });
    const saved = await writer.saveToken({ userName: 'ada', refreshToken: 'rt', clientId: 'c' });
    await writer.close();

    const reader = new SqliteTokenStore({ filename, readOnly: true });
    expect(await reader.findTokenById(saved.id)).toMatchObject({ userName: 'ada' });
    expect(await reader.getTokens()).toHaveLength(1);
    const refused = await rejection(reader.saveToken({ userName: 'grace', accessToken: 'at' }));
    expect(isTokenStoreError(refused, 'STORE_UNAVAILABLE')).toBe(true);
    await reader.close();
  });

  it('creates no file when there is none', () => {
    const filename = join(dir, 'missing.db');
    expect(() => new SqliteTokenStore({ filename, readOnly: true })).toThrow(
      expect.objectContaining({ code: 'STORE_UNAVAILABLE' }),
    );
    expect(existsSync(filename)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('missing'))).toEqual([]);
  });

  it("creates no table or schema row in a database that is not the store's", async () => {
    const filename = join(dir, 'foreign.db');
    const db = new Database(filename);
    db.exec('CREATE TABLE oauthtoken (id TEXT PRIMARY KEY, user_name TEXT)');
    db.close();

    const reader = new SqliteTokenStore({ filename, table: 'oauthtoken', readOnly: true });
    const refused = await rejection(reader.getTokens());
    expect(isTokenStoreError(refused, 'STORE_MISCONFIGURED')).toBe(true);
    expect((refused as Error).message).toMatch(/not a table of @tokenstore\/store-sqlite/);
    await reader.close();
    expect(tablesOf(filename)).toEqual(['oauthtoken']);
    expect(existsSync(`${filename}-wal`)).toBe(false);
  });

  it('applies only with filename', () => {
    const db = new Database(':memory:');
    // @ts-expect-error the options' type refuses readOnly without filename; the check at run time is for JavaScript callers
    expect(() => new SqliteTokenStore({ database: db, readOnly: true })).toThrow(TypeError);
    db.close();
  });
});
