import type { TokenStore } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';

/** What {@link describeSqlOptions} constructs. */
export interface SqlOptions {
  /** The scheme of the store's URLs (`postgres`, `mysql`). */
  readonly scheme: string;
  /** A store on `url` and `table` (never connected: the tests only construct and close it). */
  readonly construct: (options: { url: string; table?: string }) => TokenStore;
  /** The table names the store keeps for itself (`tokenstore_schema`, …). */
  readonly reserved: readonly string[];
}

/**
 * Registers the option tests every SQL store shares: a table name must be a plain lower-case
 * identifier of at most 48 characters and not a reserved one (a typed error otherwise), a url
 * must be a string, and a store connects to nothing until its first call.
 */
export function describeSqlOptions(sql: SqlOptions): void {
  const url = `${sql.scheme}://app@127.0.0.1:1/app`;
  describe('options', () => {
    it('refuses a table name that is not a plain lower-case identifier, with a typed error', () => {
      for (const table of [
        '',
        'Tokens',
        '1tokens',
        'a-b',
        'a b',
        'x;drop',
        '"t"',
        'é',
        'a'.repeat(49),
      ]) {
        expect(() => sql.construct({ url, table }), table).toThrow(RangeError);
      }
      for (const table of sql.reserved) {
        expect(() => sql.construct({ url, table }), table).toThrow(/reserved/);
      }
      expect(() => sql.construct({ url, table: 7 as unknown as string })).toThrow(TypeError);
      expect(sql.construct({ url, table: `_${'a'.repeat(47)}` })).toBeDefined();
    });

    it('refuses a url that is not a string, with a TypeError', () => {
      expect(() => sql.construct({ url: 5 as unknown as string })).toThrow(TypeError);
    });

    it('connects to nothing until the first call', async () => {
      await sql.construct({ url: `${sql.scheme}://nobody@127.0.0.1:1/none` }).close();
    });
  });
}
