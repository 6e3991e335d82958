import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertConditionalDeleteAtomic,
  assertSecretsSealedAtRest,
} from '@tokenstore/core/conformance';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';
import { PostgresBackend } from '../src/postgres-backend.js';
import { statementsFor } from '../src/statements.js';
import { freshTable, useServer } from './helpers/server.js';

const { server, pool } = await useServer();

function open(table = freshTable()): PostgresTokenStore {
  const store = new PostgresTokenStore({ url: server.url, table, poolOptions: { max: 2 } });
  onTestFinished(() => store.close());
  return store;
}

/** Every file under a directory, concatenated (the server's data files: heap, WAL). */
function filesUnder(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) parts.push(filesUnder(path));
    else if (stat?.isFile()) parts.push(readFileSync(path));
  }
  return Buffer.concat(parts);
}

describe('rows as stored', () => {
  it('with encryption, no plaintext secret in any column of any row, nor in the data files', async () => {
    const table = freshTable();
    await assertSecretsSealedAtRest({
      create: (encryption) =>
        new PostgresTokenStore({ url: server.url, table, encryption, poolOptions: { max: 2 } }),
      dump: async () => {
        const { rows } = await pool.query(
          `SELECT id, version::text, user_key, access_key, refresh_key, grant_key, data FROM "${table}"`,
        );
        expect(rows.length).toBeGreaterThan(20);
        const cells = rows.flatMap((row) =>
          Object.values(row).map((cell) =>
            Buffer.isBuffer(cell) ? cell : Buffer.from(String(cell ?? '')),
          ),
        );
        // The WAL and heap files too, where a self-started server's are readable.
        await pool.query('CHECKPOINT');
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
    const { rows } = await pool.query(`SELECT data FROM "${table}"`);
    expect(rows.map((row) => row.data).join('')).toContain('PLAIN-at-123');
  });

  it('keeps ids byte for byte: NUL, case, trailing spaces, leading zeros, lone surrogates', async () => {
    const store = open();
    const ids = ['07', '7', 'a', 'A', 'a ', 'nul\u0000id', '\ud800', '\udc00x', 'é', 'e\u0301'];
    for (const [i, id] of ids.entries()) await store.saveToken({ id, accessToken: `at-${i}` });
    for (const [i, id] of ids.entries()) {
      expect(await store.findTokenById(id)).toMatchObject({ id, accessToken: `at-${i}` });
    }
    expect((await store.getTokens()).map((token) => token.id).sort()).toEqual([...ids].sort());
    const paged: string[] = [];
    for await (const token of store.tokens({ pageSize: 3 })) paged.push(token.id);
    expect(paged.sort()).toEqual([...ids].sort());
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

describe('prepared statements', () => {
  it('are named per SQL text on the server, and can be turned off', async () => {
    const table = freshTable();
    const prepared = open(table);
    const saved = await prepared.saveToken({ userName: 'p', accessToken: 'a' });
    const unprepared = new PostgresTokenStore({
      url: server.url,
      table,
      preparedStatements: false,
      poolOptions: { max: 1 },
    });
    onTestFinished(() => unprepared.close());
    expect(await unprepared.findTokenById(saved.id)).toEqual(saved);
    expect(
      () => new PostgresTokenStore({ url: server.url, preparedStatements: 1 as never }),
    ).toThrow(TypeError);
  });
});

describe('EXPLAIN', () => {
  /** The plan nodes of an EXPLAIN (FORMAT JSON), flattened. */
  function nodes(plan: Record<string, unknown>): Record<string, unknown>[] {
    const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
    return [plan, ...children.flatMap(nodes)];
  }

  it('every keyed statement is an index scan on its own index, with 5000 rows and fresh statistics', async () => {
    const table = freshTable();
    const store = open(table);
    await store.saveToken({ userName: 'set-up', accessToken: 'the schema' });
    await pool.query(
      `INSERT INTO "${table}" (id, version, user_key, access_key, refresh_key, grant_key, data)
       SELECT decode(md5(i::text), 'hex'), 1, md5('u' || i), md5('a' || i), md5('r' || i), md5('g' || i), '{}'
       FROM generate_series(1, 5000) AS i`,
    );
    await pool.query(`ANALYZE "${table}"`);
    const sql = statementsFor(table);
    const id = Buffer.from('some id');
    const keyed: [string, string, unknown[]][] = [
      ['get', sql.get, [id]],
      ['find userName', sql.findByKey.userName, ['d']],
      ['find accessToken', sql.findByKey.accessToken, ['d']],
      ['find refreshToken', sql.findByKey.refreshToken, ['d']],
      ['find grantToken', sql.findByKey.grantToken, ['d']],
      ['replace', sql.replace, [2, 'u', 'a', 'r', 'g', '{}', id, 1]],
      ['delete', sql.delete, [id]],
      ['next page', sql.nextPage, [id, 100]],
    ];
    const expectedIndex: Record<string, string> = {
      get: `${table}_pkey`,
      'find userName': `${table}_user_key`,
      'find accessToken': `${table}_access_key`,
      'find refreshToken': `${table}_refresh_key`,
      'find grantToken': `${table}_grant_key`,
      replace: `${table}_pkey`,
      delete: `${table}_pkey`,
      'next page': `${table}_pkey`,
    };
    const report: string[] = [];
    for (const [name, statement, values] of keyed) {
      const { rows } = await pool.query(`EXPLAIN (FORMAT JSON) ${statement}`, values);
      const plan = rows[0]['QUERY PLAN'][0].Plan as Record<string, unknown>;
      const all = nodes(plan);
      const scan = all.find((node) => typeof node['Index Name'] === 'string');
      report.push(`${name}: ${scan?.['Node Type']} using ${scan?.['Index Name']}`);
      expect(
        all.some((node) => node['Node Type'] === 'Seq Scan'),
        name,
      ).toBe(false);
      expect(scan?.['Index Name'], name).toBe(expectedIndex[name]);
    }
    console.info(`postgres EXPLAIN:\n  ${report.join('\n  ')}`);
  });
});

describe('conditional delete', () => {
  it('is one statement: a save that lands before it makes it a VERSION_CONFLICT, not a lost update', async () => {
    const backend = new PostgresBackend({ pool, table: freshTable(), owned: false, where: 'test' });
    await assertConditionalDeleteAtomic(backend);
  });
});
