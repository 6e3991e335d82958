import { describe, expect, it } from 'vitest';
import {
  decodeBinaryId,
  encodeBinaryId,
  recordFromRow,
  setUpOnce,
  sqlStatements,
  urlLocation,
  writableBinaryId,
  writeUnlessDuplicate,
} from '../../src/backend-kit.js';
import { keyMask } from '../../src/sql/columns.js';

describe('binary ids', () => {
  it('round-trip every string, lone surrogates included, and never share bytes', () => {
    const ids = ['a', 'A', 'a ', '07', '\u0000x', 'é', '😀', '\ud800', 'x\udc00y'];
    const encoded = ids.map(encodeBinaryId);
    expect(encoded.map(decodeBinaryId)).toEqual(ids);
    expect(new Set(encoded.map((bytes) => bytes.toString('hex'))).size).toBe(ids.length);
  });

  it('refuses an id over 1024 bytes as INVALID_TOKEN and reads a non-buffer as CORRUPT_RECORD', () => {
    expect(writableBinaryId('y'.repeat(1024)).length).toBe(1024);
    expect(() => writableBinaryId('y'.repeat(1025))).toThrow(
      expect.objectContaining({ code: 'INVALID_TOKEN' }),
    );
    expect(() => decodeBinaryId(7)).toThrow(expect.objectContaining({ code: 'CORRUPT_RECORD' }));
  });
});

describe('sqlStatements', () => {
  it('binds every value, in the documented parameter order', () => {
    const sql = sqlStatements('"t"', (n) => `$${n}`);
    expect(sql.insert).toBe(
      'INSERT INTO "t" (id, version, user_key, access_key, refresh_key, grant_key, data) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    );
    const set =
      'UPDATE "t" SET version = $1, user_key = $2, access_key = $3, refresh_key = $4, grant_key = $5, data = $6 WHERE id = $7 AND version = $8';
    expect(sql.replace).toHaveLength(16);
    expect(sql.replace[keyMask({})]).toBe(
      `${set} AND user_key IS NULL AND access_key IS NULL AND refresh_key IS NULL AND grant_key IS NULL AND data = $9`,
    );
    // A refresh's record: a userName, an access token and a refresh token, no grant token.
    expect(sql.replace[keyMask({ userName: 'u', accessToken: 'a', refreshToken: 'r' })]).toBe(
      `${set} AND user_key = $9 AND access_key = $10 AND refresh_key = $11 AND grant_key IS NULL AND data = $12`,
    );
    expect(sql.replace[keyMask({ accessToken: 'a', grantToken: 'g' })]).toBe(
      `${set} AND user_key IS NULL AND access_key = $9 AND refresh_key IS NULL AND grant_key = $10 AND data = $11`,
    );
    expect(sql.nextPage).toBe(
      'SELECT id, version, user_key, access_key, refresh_key, grant_key, data FROM "t" WHERE id > $1 ORDER BY id LIMIT $2',
    );
    expect(sqlStatements('`t`', () => '?').findByKey.refreshToken).toBe(
      'SELECT id, version, user_key, access_key, refresh_key, grant_key, data FROM `t` WHERE refresh_key = ?',
    );
  });
});

describe('recordFromRow', () => {
  it('reads a BIGINT string version, keeps present keys only, and reads text through the reader', () => {
    const row = {
      id: Buffer.from('id'),
      version: '3',
      user_key: Buffer.from('u'),
      access_key: null,
      refresh_key: Buffer.from('r'),
      grant_key: null,
      data: Buffer.from('{}'),
    };
    const utf8 = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('utf8') : value);
    expect(recordFromRow(row, utf8)).toEqual({
      id: 'id',
      version: 3,
      keys: { userName: 'u', refreshToken: 'r' },
      data: '{}',
    });
    // Without a reader a buffer is not text: the key is absent and the data passes on for core.
    expect(recordFromRow(row).keys).toEqual({});
  });
});

describe('writeUnlessDuplicate', () => {
  it('turns a recognised error into its outcome and throws any other', async () => {
    const taken = new Error('taken');
    const classify = (error: unknown) =>
      error === taken ? ({ status: 'duplicate', key: 'id' } as const) : undefined;
    await expect(writeUnlessDuplicate(() => Promise.reject(taken), classify)).resolves.toEqual({
      status: 'duplicate',
      key: 'id',
    });
    const other = new Error('other');
    await expect(writeUnlessDuplicate(() => Promise.reject(other), classify)).rejects.toBe(other);
  });
});

describe('setUpOnce', () => {
  it('runs once for concurrent callers, and again after a failure', async () => {
    let runs = 0;
    const ready = setUpOnce(async () => {
      runs++;
      if (runs === 1) throw new Error('server away');
      return runs;
    });
    await expect(ready()).rejects.toThrow('server away');
    expect(await Promise.all([ready(), ready()])).toEqual([2, 2]);
    expect(await ready()).toBe(2);
    expect(runs).toBe(2);
  });
});

describe('urlLocation', () => {
  it('shows host, port and path, never the user, password or query', () => {
    expect(urlLocation('postgres://app:s3cret@db.internal:5432/app?password=x')).toBe(
      'db.internal:5432/app',
    );
    expect(urlLocation('mysql://u:p@127.0.0.1:3306')).toBe('127.0.0.1:3306');
    expect(urlLocation('not a url with s3cret')).toBe('(connection string)');
  });
});
