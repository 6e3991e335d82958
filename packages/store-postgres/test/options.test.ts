import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';

const url = 'postgres://app@127.0.0.1:5432/app';

describe('options', () => {
  it('needs exactly one source: url and/or poolOptions, or pool', () => {
    expect(() => new PostgresTokenStore({})).toThrow(TypeError);
    const pool = new pg.Pool();
    // @ts-expect-error the options' type refuses pool and url together; the check at run time is for JavaScript callers
    expect(() => new PostgresTokenStore({ pool, url })).toThrow(/not both/);
    // @ts-expect-error the options' type refuses pool and poolOptions together; the check at run time is for JavaScript callers
    expect(() => new PostgresTokenStore({ pool, poolOptions: {} })).toThrow(/not both/);
    expect(() => new PostgresTokenStore({ pool: {} as pg.Pool })).toThrow(/pg Pool/);
    expect(() => new PostgresTokenStore({ url: 5 as unknown as string })).toThrow(TypeError);
    expect(() => new PostgresTokenStore(null as never)).toThrow(TypeError);
  });

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
      expect(() => new PostgresTokenStore({ url, table }), table).toThrow(RangeError);
    }
    for (const table of ['tokenstore_schema', 'pg_tokens']) {
      expect(() => new PostgresTokenStore({ url, table }), table).toThrow(/reserved/);
    }
    expect(() => new PostgresTokenStore({ url, table: 7 as unknown as string })).toThrow(TypeError);
    expect(new PostgresTokenStore({ url, table: `_${'a'.repeat(47)}` })).toBeDefined();
  });

  it('connects to nothing until the first call', async () => {
    const store = new PostgresTokenStore({ url: 'postgres://nobody@127.0.0.1:1/none' });
    await store.close();
  });
});
