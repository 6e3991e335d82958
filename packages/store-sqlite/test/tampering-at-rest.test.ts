import { join } from 'node:path';
import { assertTamperingRefused } from '@tokenstore/core/conformance';
import { it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

const filename = join(tempDir(), 'tampered.db');

it('refuses forged and planted plaintext rows and a wrong indexKey', async () => {
  await assertTamperingRefused({
    open: (table, encryption) =>
      new SqliteTokenStore({ filename, table, ...(encryption ? { encryption } : {}) }),
  });
});
