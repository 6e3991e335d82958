import { inspect } from 'node:util';
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

describe('options: a URL mysql2 cannot read', () => {
  it.each([
    'mysql://app:pa#SECRET-PW@127.0.0.1:3306/app',
    'mysql://app:pa/SECRET-PW@127.0.0.1:3306/app',
    'mysql://app:pa?SECRET-PW@127.0.0.1:3306/app',
    'mysql://app:%SECRET-PW@127.0.0.1:3306/app',
    // Valid URLs that would read part of the password as the database, a parameter, the fragment.
    'mysql://app:/SECRET-PW@127.0.0.1:3306/app',
    'mysql://app:?SECRET-PW@127.0.0.1:3306/app',
    'mysql://app:#SECRET-PW@127.0.0.1:3306/app',
  ])('%s: a TypeError holding nothing of the password', (given) => {
    for (const options of [{ url: given }, { poolOptions: { uri: given } }]) {
      let thrown: unknown;
      try {
        new MysqlTokenStore(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toMatch(/^MysqlTokenStore: url is not a valid MySQL URL/);
      const shown = [
        inspect(thrown, { depth: 10, showHidden: true }),
        (thrown as Error).stack,
        JSON.stringify(Object.getOwnPropertyDescriptors(thrown)),
        String((thrown as Error).cause),
      ].join('\n');
      expect(shown).not.toContain('SECRET');
    }
  });

  it('takes a percent-encoded password, user and database', async () => {
    const password = encodeURIComponent(':pa/SECRET?#@%');
    await new MysqlTokenStore({
      url: `mysql://a%40b:${password}@127.0.0.1:1/d%40b?connectTimeout=1000`,
    }).close();
  });
});

describeSqlOptions({
  scheme: 'mysql',
  construct: (options) => new MysqlTokenStore(options),
  reserved: ['tokenstore_schema'],
});
