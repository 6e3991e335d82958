import { createHash } from 'node:crypto';
import { describeSqlStoredRows, openSqlStore } from '@tokenstore/test-servers/vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { MysqlBackend } from '../src/mysql-backend.js';
import { statementsFor } from '../src/statements.js';
import { useServer } from './helpers/server.js';

const { pool, sql } = await useServer();

describeSqlStoredRows({
  ...sql,
  rows: async (table) => (await pool.query<RowDataPacket[]>(`SELECT * FROM \`${table}\``))[0],
  flush: async (table) => {
    await pool.query(`FLUSH TABLES \`${table}\``);
  },
  backend: (table) => new MysqlBackend({ pool, table, owned: false, where: 'test' }),
});

describe('ids under MySQL collations', () => {
  it("the server's default collation would merge those ids (what the binary columns avoid)", async () => {
    const table = sql.freshTable();
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
});

describe('EXPLAIN', () => {
  it('every keyed statement uses its own index, with 10 000 rows and fresh statistics', async () => {
    const table = sql.freshTable();
    const store = openSqlStore(sql, { table });
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
    const statements = statementsFor(table);
    // Values of a stored row: for a value it does not hold, MySQL answers "Impossible WHERE
    // noticed after reading const tables" (it looked in the index, but names none).
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const id = Buffer.from(md5('42'), 'hex');
    const key = (prefix: string) => Buffer.from(md5(`${prefix}42`));
    const d = Buffer.from('d');
    const keyed: [string, string, unknown[], string][] = [
      ['get', statements.get, [id], 'PRIMARY'],
      ['find userName', statements.findByKey.userName, [key('u')], 'user_key'],
      ['find accessToken', statements.findByKey.accessToken, [key('a')], 'access_key'],
      ['find refreshToken', statements.findByKey.refreshToken, [key('r')], 'refresh_key'],
      ['find grantToken', statements.findByKey.grantToken, [key('g')], 'grant_key'],
      // The compare-and-set of a record holding every kind of key.
      [
        'replace',
        statements.replace.at(-1) ?? '',
        [2, d, d, d, d, Buffer.from('{}'), id, 1, d, d, d, d, Buffer.from('{}')],
        'PRIMARY',
      ],
      ['delete', statements.delete, [id], 'PRIMARY'],
      ['next page', statements.nextPage, [id, '100'], 'PRIMARY'],
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
