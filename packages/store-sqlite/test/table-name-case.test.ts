import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

// SQLite compares table names case-insensitively: stores on `x` and `X` were one table, so two
// stores meant to be isolated shared their tokens. A name with upper case is refused.
describe('table names that differ only in case', () => {
  it('refuses an upper-case table name, so x and X can never share tokens', async () => {
    const filename = join(tempDir(), 'case.db');
    const lower = new SqliteTokenStore({ filename, table: 'tokens_x' });
    await lower.saveToken({ userName: 'only-in-lower', accessToken: 'a' });
    for (const table of ['TOKENS_X', 'Tokens_x', 'tokens_X']) {
      expect(() => new SqliteTokenStore({ filename, table }), table).toThrow(/lower case/);
    }
    expect(await lower.getTokens()).toHaveLength(1);
    await lower.close();
  });
});
