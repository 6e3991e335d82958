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

describeSqlOptions({
  scheme: 'postgres',
  construct: (options) => new PostgresTokenStore(options),
  // pg_ is PostgreSQL's own prefix.
  reserved: ['tokenstore_schema', 'pg_tokens'],
});
