import { inspect } from 'node:util';
import { describeSqlOptions } from '@tokenstore/test-servers/vitest';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresTokenStore } from '../src/index.js';

const url = 'postgres://app@127.0.0.1:5432/app';

describe('options: where the pool comes from', () => {
  it('needs exactly one source: url and/or poolOptions, or pool', () => {
    expect(() => new PostgresTokenStore({})).toThrow(TypeError);
    const pool = new pg.Pool();
    // @ts-expect-error the options' type refuses pool and url together; the check at run time is for JavaScript callers
    expect(() => new PostgresTokenStore({ pool, url })).toThrow(/not both/);
    // @ts-expect-error the options' type refuses pool and poolOptions together; the check at run time is for JavaScript callers
    expect(() => new PostgresTokenStore({ pool, poolOptions: {} })).toThrow(/not both/);
    expect(() => new PostgresTokenStore({ pool: {} as pg.Pool })).toThrow(/pg Pool/);
    expect(() => new PostgresTokenStore(null as never)).toThrow(TypeError);
  });
});

describe('options: a URL that would read part of the password as the database', () => {
  it.each([
    'postgres://app:/SECRET-PW@127.0.0.1:5432/app',
    'postgres://app:?SECRET-PW@127.0.0.1:5432/app',
    'postgres://app:#SECRET-PW@127.0.0.1:5432/app',
  ])('%s: a TypeError holding nothing of the password', (given) => {
    for (const options of [{ url: given }, { poolOptions: { connectionString: given } }]) {
      let thrown: unknown;
      try {
        new PostgresTokenStore(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      const shown = [
        inspect(thrown, { depth: 10, showHidden: true }),
        (thrown as Error).stack,
        JSON.stringify(Object.getOwnPropertyDescriptors(thrown)),
      ].join('\n');
      expect(shown).toMatch(/url is not a valid PostgreSQL URL/);
      expect(shown).not.toContain('SECRET');
    }
  });

  it('takes a percent-encoded password, and leaves a URL that is no URL to pg', async () => {
    const password = encodeURIComponent(':pa/SECRET?#@%');
    await new PostgresTokenStore({ url: `postgres://app:${password}@127.0.0.1:1/app` }).close();
    await new PostgresTokenStore({ url: 'postgres://app:pa#SECRET@127.0.0.1:1/app' }).close();
    await new PostgresTokenStore({ url: '/var/run/postgresql app' }).close();
  });
});

describeSqlOptions({
  scheme: 'postgres',
  construct: (options) => new PostgresTokenStore(options),
  // pg_ is PostgreSQL's own prefix.
  reserved: ['tokenstore_schema', 'pg_tokens'],
});
