import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertConditionalDeleteAtomic,
  assertSecretsSealedAtRest,
} from '@tokenstore/core/conformance';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';
import { MysqlBackend } from '../src/mysql-backend.js';
import { statementsFor } from '../src/statements.js';
import { freshTable, useServer } from './helpers/server.js';

const { server, pool } = await useServer();

function open(table = freshTable()): MysqlTokenStore {
  const store = new MysqlTokenStore({
    url: server.url,
    table,
    poolOptions: { connectionLimit: 2 },
  });
  onTestFinished(() => store.close());
  return store;
}

/** Every file under a directory, concatenated (the server's data files: .ibd, redo log). */
function filesUnder(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) parts.push(filesUnder(path));
    else if (stat?.isFile() && !name.endsWith('.sock')) parts.push(readFileSync(path));
  }
  return Buffer.concat(parts);
}

describe('rows as stored', () => {
  it('with encryption, no plaintext secret in any column of any row, nor in the data files', async () => {
    const table = freshTable();
    await assertSecretsSealedAtRest({
      create: (encryption) =>
        new MysqlTokenStore({
          url: server.url,
          table,
          encryption,
          poolOptions: { connectionLimit: 2 },
        }),
      dump: async () => {
        const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM \`${table}\``);
        expect(rows.length).toBeGreaterThan(20);
        const cells = rows.flatMap((row) =>
          Object.values(row).map((cell) =>
            Buffer.isBuffer(cell) ? cell : Buffer.from(String(cell ?? '')),
          ),
        );
        await pool.query(`FLUSH TABLES \`${table}\``);
        const files = server.dir === undefined ? [] : [filesUnder(join(server.dir, 'data'))];
        return Buffer.concat([...cells, ...files]);
      },
    });
  });

  it('without encryption the same scan finds the secrets (the scan can fail)', async () => {
    const table = freshTable();
    const store = open(table);
    await store.saveToken({
      userName: 'u',
      accessToken: 'PLAIN-at-123',
      refreshToken: 'r',
      clientId: 'c',
    });
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT data FROM \`${table}\``);
    expect(Buffer.concat(rows.map((row) => row.data as Buffer)).toString()).toContain(
      'PLAIN-at-123',
    );
  });

  it('keeps ids byte for byte: case, trailing spaces, leading zeros, accents, NUL, lone surrogates', async () => {
    const store = open();
    const ids = [
      '07',
      '7',
      'a',
      'A',
      'a ',
      'é',
      'e',
      'e\u0301',
      'nul\u0000id',
      '\ud800',
      '\udc00x',
    ];
    for (const [i, id] of ids.entries()) await store.saveToken({ id, accessToken: `at-${i}` });
    for (const [i, id] of ids.entries()) {
      expect(await store.findTokenById(id)).toMatchObject({ id, accessToken: `at-${i}` });
    }
    expect(await store.findTokenById('07 ')).toBeNull();
    expect(await store.findTokenById('E')).toBeNull();
    expect((await store.getTokens()).map((token) => token.id).sort()).toEqual([...ids].sort());
    const paged: string[] = [];
    for await (const token of store.tokens({ pageSize: 3 })) paged.push(token.id);
    expect(paged.sort()).toEqual([...ids].sort());
    expect(await store.deleteToken('A')).toBe(true);
    expect(await store.findTokenById('a')).toMatchObject({ id: 'a' });
  });

  it("the server's default collation would merge those ids (what the binary columns avoid)", async () => {
    const table = freshTable();
    await pool.query(
      `CREATE TABLE \`${table}\` (id VARCHAR(64) CHARACTER SET utf8mb4 PRIMARY KEY) ENGINE=InnoDB`,
    );
    await pool.execute(`INSERT INTO \`${table}\` VALUES (?)`, ['a']);
    await expect(pool.execute(`INSERT INTO \`${table}\` VALUES (?)`, ['A'])).rejects.toMatchObject({
      errno: 1062,
    });
    await expect(pool.execute(`INSERT INTO \`${table}\` VALUES (?)`, ['a '])).rejects.toMatchObject(
      {
        errno: 1062,
      },
    );
    await pool.execute(`INSERT INTO \`${table}\` VALUES (?)`, ['07']);
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT id FROM \`${table}\` WHERE id = 7`);
    expect(rows.map((row) => row.id)).toEqual(['07']);
  });

  it('refuses an id over 1024 bytes with INVALID_TOKEN, and writes nothing', async () => {
    const store = open();
    const id = 'x'.repeat(1025);
    await expect(store.saveToken({ id, accessToken: 'a' })).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    expect(await store.findTokenById(id)).toBeNull();
    expect(await store.deleteToken(id)).toBe(false);
    expect(await store.getTokens()).toEqual([]);
    const longest = 'y'.repeat(1024);
    expect((await store.saveToken({ id: longest, accessToken: 'b' })).id).toBe(longest);
  });
});

describe('EXPLAIN', () => {
  it('every keyed statement uses its own index, with 10 000 rows and fresh statistics', async () => {
    const table = freshTable();
    const store = open(table);
    await store.saveToken({ userName: 'set-up', accessToken: 'the schema' });
    // 10 000 rows from four digits (recursive CTEs stop at 1000 rows by default).
    const digit =
      '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    await pool.query(
      `INSERT INTO \`${table}\` (id, version, user_key, access_key, refresh_key, grant_key, data)
       SELECT UNHEX(MD5(i)), 1, MD5(CONCAT('u', i)), MD5(CONCAT('a', i)), MD5(CONCAT('r', i)), MD5(CONCAT('g', i)), '{}'
       FROM (SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d AS i
             FROM ${digit} a, ${digit} b, ${digit} c, ${digit} e) AS n`,
    );
    await pool.query(`ANALYZE TABLE \`${table}\``);
    const sql = statementsFor(table);
    // Values of a stored row: for a value it does not hold, MySQL answers "Impossible WHERE
    // noticed after reading const tables" (it looked in the index, but names none).
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const id = Buffer.from(md5('42'), 'hex');
    const key = (prefix: string) => Buffer.from(md5(`${prefix}42`));
    const d = Buffer.from('d');
    const keyed: [string, string, unknown[], string][] = [
      ['get', sql.get, [id], 'PRIMARY'],
      ['find userName', sql.findByKey.userName, [key('u')], 'user_key'],
      ['find accessToken', sql.findByKey.accessToken, [key('a')], 'access_key'],
      ['find refreshToken', sql.findByKey.refreshToken, [key('r')], 'refresh_key'],
      ['find grantToken', sql.findByKey.grantToken, [key('g')], 'grant_key'],
      ['replace', sql.replace, [2, d, d, d, d, Buffer.from('{}'), id, 1], 'PRIMARY'],
      ['delete', sql.delete, [id], 'PRIMARY'],
      ['next page', sql.nextPage, [id, '100'], 'PRIMARY'],
    ];
    const report: string[] = [];
    for (const [name, statement, values, index] of keyed) {
      const [rows] = await pool.execute<RowDataPacket[]>(`EXPLAIN ${statement}`, values as never);
      const [plan] = rows;
      report.push(`${name}: type=${plan?.type} key=${plan?.key} rows=${plan?.rows}`);
      expect(plan?.type, name).not.toBe('ALL');
      expect(plan?.key, name).toBe(index);
    }
    console.info(`mysql EXPLAIN:\n  ${report.join('\n  ')}`);
  });
});

describe('conditional delete', () => {
  it('is one statement: a save that lands before it makes it a VERSION_CONFLICT, not a lost update', async () => {
    const backend = new MysqlBackend({ pool, table: freshTable(), owned: false, where: 'test' });
    await assertConditionalDeleteAtomic(backend);
  });
});
