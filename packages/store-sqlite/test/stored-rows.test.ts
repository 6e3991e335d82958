import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const filename = join(tempDir(), 'rows.db');

interface RawRow {
  id: unknown;
  idType: string;
  version: number;
  user_key: string | null;
  access_key: string | null;
  refresh_key: string | null;
  grant_key: string | null;
  data: string;
}

/** Reads the table directly, beside the store: what a round trip alone would hide. */
function rawRows(table: string): RawRow[] {
  const db = new Database(filename, { readonly: true });
  try {
    return db
      .prepare(`SELECT typeof(id) AS idType, * FROM "${table}" ORDER BY id`)
      .all() as RawRow[];
  } finally {
    db.close();
  }
}

const DIGEST = /^[A-Za-z0-9_-]{43}$/;

describe('what the store writes to its table', () => {
  it('holds digests, not token values, in the key columns, and NULL where a key is absent', async () => {
    const table = freshTable();
    const store = new SqliteTokenStore({ filename, table });
    const saved = await store.saveToken({
      userName: 'me@example.com:1',
      accessToken: 'access-secret',
      clientId: 'client',
      refreshToken: 'refresh-secret',
    });
    const [row, ...rest] = rawRows(table);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ id: saved.id, idType: 'text', version: 1, grant_key: null });
    for (const key of [row!.user_key, row!.access_key, row!.refresh_key]) {
      expect(key).toMatch(DIGEST);
    }
    expect(JSON.parse(row!.data)).toMatchObject({ accessToken: 'access-secret' });
    await store.close();
  });

  it('keeps ids exactly: NUL, emoji and lone surrogates each round-trip and never collide', async () => {
    const table = freshTable();
    const store = new SqliteTokenStore({ filename, table });
    const ids = [
      'a',
      'a\0',
      'a\0b',
      '😀',
      'e\u0301',
      'é',
      '\ud800',
      '\udbff',
      '\udc00x',
      'x\ud83d',
    ];
    for (const [i, id] of ids.entries()) await store.saveToken({ id, accessToken: `at-${i}` });
    for (const [i, id] of ids.entries()) {
      const found = await store.findTokenById(id);
      expect(found).toMatchObject({ id, accessToken: `at-${i}`, version: 1 });
    }
    // Well-formed ids are readable TEXT; only ids SQLite's UTF-8 would mangle are BLOBs.
    const types = rawRows(table).map((row) => row.idType);
    expect(types.filter((type) => type === 'text')).toHaveLength(6);
    expect(types.filter((type) => type === 'blob')).toHaveLength(4);
    await store.close();
  });

  it('pages through text and blob ids alike, each exactly once', async () => {
    const table = freshTable();
    const store = new SqliteTokenStore({ filename, table });
    const ids = ['b', '\ud800', 'a\0', '\udfff', 'z', '😀', 'a'];
    for (const id of ids) await store.saveToken({ id, accessToken: `at-${id}` });
    for (const pageSize of [1, 2, 3, 7, 100]) {
      const seen: string[] = [];
      for await (const token of store.tokens({ pageSize })) seen.push(token.id);
      expect(seen.toSorted()).toEqual(ids.toSorted());
    }
    await store.close();
  });

  it('answers a find with an index, never a scan of the table', async () => {
    const table = freshTable();
    const statements: string[] = [];
    const db = new Database(filename, { verbose: (sql) => statements.push(String(sql)) });
    const store = new SqliteTokenStore({ database: db, table });
    const token = { userName: 'u', accessToken: 'a', clientId: 'c', clientSecret: 's' };
    await store.saveToken({ ...token, refreshToken: 'r', grantToken: 'g' });
    statements.length = 0;
    expect(await store.findToken({ userName: 'u' })).not.toBeNull();
    expect(await store.findToken({ accessToken: 'a' })).not.toBeNull();
    expect(
      await store.findToken({ clientId: 'c', clientSecret: 's', refreshToken: 'r' }),
    ).not.toBeNull();
    expect(
      await store.findToken({ clientId: 'c', clientSecret: 's', grantToken: 'g' }),
    ).not.toBeNull();
    expect(
      await store.findTokenById((await store.findToken({ userName: 'u' }))!.id),
    ).not.toBeNull();
    const selects = statements.filter((sql) => sql.startsWith('SELECT'));
    expect(selects.length).toBeGreaterThanOrEqual(5);
    for (const sql of selects) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
      const details = plan.map((step) => step.detail).join('; ');
      expect(details).toMatch(/^SEARCH .* USING (COVERING )?INDEX /);
      expect(details).not.toMatch(/\bSCAN\b/);
    }
    await store.close();
    db.close();
  });

  it("reads only a row's id, version and data for a find, and refuses a row that is not a token", async () => {
    const table = freshTable();
    const statements: string[] = [];
    const db = new Database(filename, { verbose: (sql) => statements.push(String(sql)) });
    const store = new SqliteTokenStore({ database: db, table });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    statements.length = 0;
    expect(await store.findToken({ userName: 'u' })).toEqual(saved);
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    expect(statements).toHaveLength(2);
    for (const sql of statements) expect(sql).toMatch(/^SELECT id, version, data FROM /);
    for (const [set, value] of [
      ['data = ?', 'not JSON'],
      ['data = ?', '{"userName":"u","accessToken":42}'],
      ['version = ?', 'two'],
    ] as const) {
      const write = db.prepare(`UPDATE "${table}" SET ${set} WHERE id = ?`);
      const before = db.prepare(`SELECT data, version FROM "${table}" WHERE id = ?`).get(saved.id);
      write.run(value, saved.id);
      await expect(store.findToken({ userName: 'u' })).rejects.toMatchObject({
        code: 'CORRUPT_RECORD',
      });
      await expect(store.findTokenById(saved.id)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
      const { data, version } = before as { data: string; version: number };
      db.prepare(`UPDATE "${table}" SET data = ?, version = ? WHERE id = ?`).run(
        data,
        version,
        saved.id,
      );
    }
    await store.close();
    db.close();
  });
});
