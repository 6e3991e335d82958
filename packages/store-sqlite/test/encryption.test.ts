import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncryptionOptions } from '@tokenstore/core';
import { assertSecretsSealedAtRest, byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const dir = tempDir();
const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
};

const filename = join(dir, 'encrypted.db');
describeTokenStore(
  'sqlite with encryption at rest',
  byNamespace((table) => new SqliteTokenStore({ filename, table, encryption }), freshTable),
);

it('keeps no plaintext secret anywhere in the database file or its WAL', async () => {
  const file = join(dir, 'scanned.db');
  await assertSecretsSealedAtRest({
    create: (options) => new SqliteTokenStore({ filename: file, encryption: options }),
    dump: () =>
      Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path))),
  });
});
