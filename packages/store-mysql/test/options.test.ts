import { describeSqlOptions } from '@tokenstore/test-servers/vitest';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { MysqlTokenStore } from '../src/index.js';

const url = 'mysql://app@127.0.0.1:3306/app';

describe('options: where the pool comes from', () => {
  it('needs exactly one source: url and/or poolOptions, or pool', () => {
    expect(() => new MysqlTokenStore({})).toThrow(TypeError);
    const pool = mysql.createPool({ uri: url });
    // @ts-expect-error the options' type refuses pool and url together; the check at run time is for JavaScript callers
    expect(() => new MysqlTokenStore({ pool, url })).toThrow(/not both/);
    // @ts-expect-error the options' type refuses pool and poolOptions together; the check at run time is for JavaScript callers
    expect(() => new MysqlTokenStore({ pool, poolOptions: {} })).toThrow(/not both/);
    expect(() => new MysqlTokenStore({ pool: {} as mysql.Pool })).toThrow(/mysql2\/promise Pool/);
    expect(() => new MysqlTokenStore(null as never)).toThrow(TypeError);
  });
});

describeSqlOptions({
  scheme: 'mysql',
  construct: (options) => new MysqlTokenStore(options),
  reserved: ['tokenstore_schema'],
});
