import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isTokenStoreError } from '@tokenstore/core';
import { describeRefusedCoreOptions } from '@tokenstore/test-servers/vitest';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir();

describe('SqliteTokenStore options', () => {
  it.each([
    ['tokens"; DROP TABLE tokens; --'],
    ['tokens; DROP TABLE x'],
    ['a b'],
    ['"tokens"'],
    ['[tokens]'],
    ['1tokens'],
    [''],
    ['tökens'],
    ['x'.repeat(64)],
  ])('rejects the table name %j with a RangeError and creates nothing', (table) => {
    const filename = join(dir, 'never-created.db');
    expect(() => new SqliteTokenStore({ filename, table })).toThrow(RangeError);
    expect(existsSync(filename)).toBe(false);
  });

  it.each([['sqlite_master'], ['SQLITE_foo'], ['tokenstore_schema'], ['TokenStore_Schema']])(
    'rejects the reserved table name %j',
    (table) => {
      expect(() => new SqliteTokenStore({ filename: join(dir, 'r.db'), table })).toThrow(
        /reserved/,
      );
    },
  );

  it('rejects a table name that is not a string', () => {
    expect(
      () => new SqliteTokenStore({ filename: join(dir, 'r.db'), table: 42 as unknown as string }),
    ).toThrow(TypeError);
  });

  it('accepts the longest plain identifier', async () => {
    const store = new SqliteTokenStore({
      filename: join(dir, 'long.db'),
      table: `_${'a'.repeat(62)}`,
    });
    const saved = await store.saveToken({ accessToken: 'at' });
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.close();
  });

  it('needs exactly one of filename and database', () => {
    const db = new Database(':memory:');
    // @ts-expect-error the options' type needs filename or database; the check at run time is for JavaScript callers
    expect(() => new SqliteTokenStore({})).toThrow(/exactly one of filename and database/);
    // @ts-expect-error the options' type refuses filename and database together; the check at run time is for JavaScript callers
    expect(() => new SqliteTokenStore({ filename: join(dir, 'x.db'), database: db })).toThrow(
      TypeError,
    );
    db.close();
  });

  it('rejects a closed database and something that is not a database', () => {
    const db = new Database(':memory:');
    db.close();
    expect(() => new SqliteTokenStore({ database: db })).toThrow(/database is closed/);
    expect(() => new SqliteTokenStore({ database: {} as unknown as Database.Database })).toThrow(
      /better-sqlite3 Database/,
    );
  });

  it('rejects connection settings together with a database of the caller', () => {
    const db = new Database(':memory:');
    // @ts-expect-error the options' type refuses busyTimeoutMs without filename; the check at run time is for JavaScript callers
    expect(() => new SqliteTokenStore({ database: db, busyTimeoutMs: 10 })).toThrow(TypeError);
    // @ts-expect-error the options' type refuses synchronous without filename; the check at run time is for JavaScript callers
    expect(() => new SqliteTokenStore({ database: db, synchronous: 'NORMAL' })).toThrow(TypeError);
    db.close();
  });

  it.each([[-1], [1.5], [Number.NaN], [2 ** 31]])('rejects busyTimeoutMs %s', (busyTimeoutMs) => {
    expect(() => new SqliteTokenStore({ filename: join(dir, 'b.db'), busyTimeoutMs })).toThrow(
      RangeError,
    );
  });

  it('rejects an unknown synchronous mode', () => {
    expect(
      () =>
        new SqliteTokenStore({
          filename: join(dir, 's.db'),
          synchronous: 'OFF' as unknown as 'FULL',
        }),
    ).toThrow(RangeError);
  });

  it('throws STORE_UNAVAILABLE naming the path when the file cannot be opened', () => {
    const filename = join(dir, 'missing-dir', 'tokens.db');
    let caught: unknown;
    try {
      new SqliteTokenStore({ filename });
    } catch (error) {
      caught = error;
    }
    expect(isTokenStoreError(caught, 'STORE_UNAVAILABLE')).toBe(true);
    expect((caught as Error).message).toContain('missing-dir');
    expect((caught as Error).cause).toBeInstanceOf(Error);
  });

  it.each([
    ['operationTimeoutMs: NaN', { operationTimeoutMs: Number.NaN }],
    ['maxSaveAttempts: 0', { maxSaveAttempts: 0 }],
    [
      'an encryption key from an unset environment variable',
      {
        encryption: {
          keys: { k1: process.env.TOKENSTORE_UNSET_KEY as string },
          currentKeyId: 'k1',
          indexKey: process.env.TOKENSTORE_UNSET_INDEX_KEY as string,
        },
      },
    ],
  ])('leaves no file open when core refuses %s', (_, options) => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let i = 0; i < 20; i++) {
      expect(
        () => new SqliteTokenStore({ filename: join(dir, `refused${i}.db`), ...options }),
      ).toThrow();
    }
    expect(openFiles()).toBe(before);
  });

  // A refused constructor creates no file: core's options are checked before it opens one.
  describeRefusedCoreOptions({
    builds: 'database file',
    probe() {
      const filename = join(dir, `never-created-${Math.random().toString(36).slice(2)}.db`);
      return {
        make: (options) => new SqliteTokenStore({ filename, ...options }),
        built: () =>
          [filename, `${filename}-wal`, `${filename}-shm`].filter((file) => existsSync(file))
            .length,
      };
    },
  });

  it('leaves a database passed in open when core refuses its options', () => {
    const database = new Database(join(dir, 'given-refused.db'));
    expect(() => new SqliteTokenStore({ database, maxSaveAttempts: 0 })).toThrow();
    expect(database.open).toBe(true);
    database.close();
  });
});
