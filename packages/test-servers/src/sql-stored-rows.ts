import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordBackend } from '@tokenstore/core/backend';
import {
  assertConditionalDeleteAtomic,
  assertSecretsSealedAtRest,
} from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { expectRefreshFromFoundRecord } from './refresh-calls.js';
import { openSqlStore, type SqlStore } from './sql-store.js';

/** What {@link describeSqlStoredRows} needs beyond the store: the backend's own SQL. */
export interface SqlStoredRows extends SqlStore {
  /** Every row of `table`, every column, as the test's own pool reads it. */
  readonly rows: (table: string) => Promise<Record<string, unknown>[]>;
  /** Writes what the server holds of `table` to its data files (`CHECKPOINT`, `FLUSH TABLES`). */
  readonly flush: (table: string) => Promise<void>;
  /** The adapter's backend on `table`, on the test's own pool. */
  readonly backend: (table: string) => RecordBackend;
}

/** Every file under a directory, concatenated (the server's data files: heap, WAL, redo log). */
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

/** Every cell of `rows`, as bytes: what the at-rest scans search. */
function cells(rows: readonly Record<string, unknown>[]): Buffer[] {
  return rows.flatMap((row) =>
    Object.values(row).map((cell) =>
      Buffer.isBuffer(cell) ? cell : Buffer.from(String(cell ?? '')),
    ),
  );
}

/**
 * Registers the tests of a SQL store's rows as the server holds them: no plaintext secret at
 * rest with encryption (cells and data files) while the same scan finds them without; ids kept
 * byte for byte and refused over 1024 bytes; a conditional delete that is one statement.
 */
export function describeSqlStoredRows(sql: SqlStoredRows): void {
  describe('rows as stored', () => {
    it('with encryption, no plaintext secret in any column of any row, nor in the data files', async () => {
      const table = sql.freshTable();
      await assertSecretsSealedAtRest({
        create: (encryption) => sql.open({ url: sql.server().url, table, poolSize: 2, encryption }),
        dump: async () => {
          const rows = await sql.rows(table);
          expect(rows.length).toBeGreaterThan(20);
          // The data files too, where a self-started server's are readable.
          await sql.flush(table);
          const dir = sql.server().dir;
          const files = dir === undefined ? [] : [filesUnder(join(dir, 'data'))];
          return Buffer.concat([...cells(rows), ...files]);
        },
      });
    });

    it('without encryption the same scan finds the secrets (the scan can fail)', async () => {
      const table = sql.freshTable();
      const store = openSqlStore(sql, { table });
      await store.saveToken({
        userName: 'u',
        accessToken: 'PLAIN-at-123',
        refreshToken: 'r',
        clientId: 'c',
      });
      expect(Buffer.concat(cells(await sql.rows(table))).toString()).toContain('PLAIN-at-123');
    });

    it('keeps ids byte for byte: case, trailing spaces, leading zeros, accents, NUL, lone surrogates', async () => {
      const store = openSqlStore(sql);
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

    it('refuses an id over 1024 bytes with INVALID_TOKEN, and writes nothing', async () => {
      const store = openSqlStore(sql);
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

  describe('a refresh', () => {
    it('is two statements: the find, then a compare-and-set that starts from the record found', async () => {
      await expectRefreshFromFoundRecord(sql.backend(sql.freshTable()));
    });
  });

  describe('conditional delete', () => {
    it('is one statement: a save that lands before it makes it a VERSION_CONFLICT, not a lost update', async () => {
      await assertConditionalDeleteAtomic(sql.backend(sql.freshTable()));
    });
  });
}
