import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';

const url = 'mysql://app@127.0.0.1:3306/app';

describe('options', () => {
  it('needs exactly one source: url and/or poolOptions, or pool', () => {
    expect(() => new MysqlTokenStore({})).toThrow(TypeError);
    const pool = mysql.createPool({ uri: url });
    // @ts-expect-error the options' type refuses pool and url together; the check at run time is for JavaScript callers
    expect(() => new MysqlTokenStore({ pool, url })).toThrow(/not both/);
    // @ts-expect-error the options' type refuses pool and poolOptions together; the check at run time is for JavaScript callers
    expect(() => new MysqlTokenStore({ pool, poolOptions: {} })).toThrow(/not both/);
    expect(() => new MysqlTokenStore({ pool: {} as mysql.Pool })).toThrow(/mysql2\/promise Pool/);
    expect(() => new MysqlTokenStore({ url: 5 as unknown as string })).toThrow(TypeError);
    expect(() => new MysqlTokenStore(null as never)).toThrow(TypeError);
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
      expect(() => new MysqlTokenStore({ url, table }), table).toThrow(RangeError);
    }
    for (const table of ['tokenstore_schema']) {
      expect(() => new MysqlTokenStore({ url, table }), table).toThrow(/reserved/);
    }
    expect(() => new MysqlTokenStore({ url, table: 7 as unknown as string })).toThrow(TypeError);
    expect(new MysqlTokenStore({ url, table: `_${'a'.repeat(47)}` })).toBeDefined();
  });

  it('connects to nothing until the first call', async () => {
    const store = new MysqlTokenStore({ url: 'mysql://nobody@127.0.0.1:1/none' });
    await store.close();
  });
});
