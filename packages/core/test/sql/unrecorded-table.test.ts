import { describe, expect, it } from 'vitest';
import { type SqlFoundColumn, unrecordedTableVerdict } from '../../src/backend-kit.js';

const types = {
  id: 'bytea',
  version: 'bigint',
  user_key: 'text',
  access_key: 'text',
  refresh_key: 'text',
  grant_key: 'text',
  data: 'text',
} as const;

/** The columns of a table the store's own DDL created. */
const own: SqlFoundColumn[] = Object.entries(types).map(([name, type]) => ({
  name,
  type,
  unique: !['version', 'data'].includes(name),
}));

const check = (columns: readonly SqlFoundColumn[], empty: boolean) => () =>
  unrecordedTableVerdict({
    table: '"users"',
    store: '@tokenstore/store-x',
    found: { columns, empty },
    types,
  });

describe('unrecordedTableVerdict', () => {
  it('creates when no table has the name, adopts an empty table of the store shape', () => {
    expect(unrecordedTableVerdict({ table: '"t"', store: 's', found: undefined, types })).toBe(
      'create',
    );
    expect(check(own, true)()).toBe('adopt');
    expect(check([...own].reverse(), true)()).toBe('adopt');
  });

  it('refuses with STORE_MISCONFIGURED naming the table: rows, other columns, types, no unique index', () => {
    const refusals: [readonly SqlFoundColumn[], boolean, RegExp][] = [
      [own, false, /holds rows/],
      [
        [
          { name: 'id', type: 'integer', unique: true },
          { name: 'email', type: 'text', unique: false },
        ],
        true,
        /lacks version, user_key, access_key, refresh_key, grant_key, data and has email/,
      ],
      [[...own, { name: 'email', type: 'text', unique: false }], true, /has email/],
      [own.map((c) => (c.name === 'id' ? { ...c, type: 'integer' } : c)), true, /id is integer/],
      [
        own.map((c) => (c.name === 'access_key' ? { ...c, unique: false } : c)),
        true,
        /access_key has no unique index/,
      ],
    ];
    for (const [columns, empty, why] of refusals) {
      expect(check(columns, empty)).toThrow(
        expect.objectContaining({
          code: 'STORE_MISCONFIGURED',
          retryable: false,
          message: expect.stringMatching(why),
        }),
      );
      expect(check(columns, empty)).toThrow(/table "users" exists but is not a token table/);
    }
  });
});
