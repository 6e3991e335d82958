import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncryptionOptions } from '@tokenstore/core';
import { fullToken, unique } from '@tokenstore/core/conformance';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
  plaintextRecords: 'migrate',
};

/** How many of `secrets` appear anywhere in the database file, its WAL or shared memory. */
function leaked(filename: string, secrets: readonly string[]): number {
  const bytes = Buffer.concat(
    [filename, `${filename}-wal`, `${filename}-shm`]
      .filter(existsSync)
      .map((path) => readFileSync(path)),
  );
  return secrets.filter((secret) => bytes.includes(Buffer.from(secret))).length;
}

async function plainFile(count: number) {
  const filename = join(tempDir(), `${unique('migrated')}.db`);
  const plain = new SqliteTokenStore({ filename });
  const secrets: string[] = [];
  for (let i = 0; i < count; i++) {
    const token = fullToken({ refreshToken: unique('PLAIN-rt'), accessToken: unique('PLAIN-at') });
    secrets.push(token.refreshToken as string, token.accessToken as string);
    await plain.saveToken(token);
  }
  await plain.close();
  return { filename, secrets };
}

// After reencrypt() reported every record rewritten, 36-40 of 80 plaintext secrets were still
// in the SQLite file's free pages. reencrypt() now compacts (VACUUM, truncated WAL).
describe('migrating a SQLite store to encryption', () => {
  it('leaves plaintext in free pages without compaction, none with it', async () => {
    const { filename, secrets } = await plainFile(40);
    const store = new SqliteTokenStore({ filename, encryption });
    const result = await store.reencrypt({ compact: false });
    expect(result).toMatchObject({ scanned: 40, rewritten: 40, compacted: false });
    const before = leaked(filename, secrets);
    expect(before).toBeGreaterThan(0);
    expect(await store.compact()).toBe(true);
    expect(leaked(filename, secrets)).toBe(0);
    expect(await store.getTokens()).toHaveLength(40);
    await store.close();
  });

  it('waits for a reader of another connection rather than leave old pages in the WAL', async () => {
    // The truncating checkpoint cannot pass a reader's snapshot; SQLite says so in its result
    // (busy = 1) rather than throw, so the WAL kept plaintext pages while compact() said true.
    const { filename, secrets } = await plainFile(10);
    const store = new SqliteTokenStore({ filename, encryption });
    await store.reencrypt({ compact: false });
    const reader = new Database(filename);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM tokens').get();
    setTimeout(() => {
      reader.exec('COMMIT');
      reader.close();
    }, 200);
    expect(await store.compact()).toBe(true);
    expect(reader.open).toBe(false);
    expect(leaked(filename, secrets)).toBe(0);
    await store.close();
  });

  it('reencrypt() compacts by default: no plaintext secret is left in the files', async () => {
    const { filename, secrets } = await plainFile(40);
    const store = new SqliteTokenStore({ filename, encryption });
    expect(await store.reencrypt()).toMatchObject({ rewritten: 40, compacted: true });
    expect(leaked(filename, secrets)).toBe(0);
    await store.close();
  });
});
