import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '../encryption/encryption-options.js';
import type { TokenStore } from '../store.js';
import { SECRET_FIELDS, type StoredToken } from '../token.js';
import { fullToken, unique } from './values.js';

/** Options of {@link assertSecretsSealedAtRest}. */
export interface SealedAtRestOptions {
  /** A fresh, empty store with this encryption. */
  create: (encryption: EncryptionOptions) => TokenStore | Promise<TokenStore>;
  /**
   * Everything the backend holds for the store, raw, as an attacker with the storage but not the
   * keys would see it: a database file's bytes, every key and value, the raw documents.
   */
  dump: (store: TokenStore) => Promise<string | Uint8Array> | string | Uint8Array;
  /** How many tokens to write (default 25). */
  tokens?: number;
}

/**
 * Writes tokens through an encrypted store (inserts, updates that rotate secrets, a delete) and
 * asserts that no secret value, current or replaced, appears anywhere in the raw backend, while
 * every token still reads back and is found by each of its secrets.
 */
export async function assertSecretsSealedAtRest(options: SealedAtRestOptions): Promise<void> {
  const encryption: EncryptionOptions = {
    keys: { k1: randomBytes(32) },
    currentKeyId: 'k1',
    indexKey: randomBytes(32),
  };
  const store = await options.create(encryption);
  try {
    const secrets: string[] = [];
    const saved: StoredToken[] = [];
    for (let i = 0; i < (options.tokens ?? 25); i++) {
      const input = fullToken({
        clientSecret: unique('SEALED-cs'),
        grantToken: unique('SEALED-gt'),
        refreshToken: unique('SEALED-rt'),
        accessToken: unique('SEALED-at'),
      });
      for (const field of SECRET_FIELDS) secrets.push(input[field] as string);
      let token = await store.saveToken(input);
      if (i % 3 === 0) {
        const accessToken = unique('SEALED-at-rotated');
        secrets.push(accessToken);
        token = await store.saveToken({ userName: input.userName, accessToken });
      }
      saved.push(token);
    }
    const gone = saved.pop() as StoredToken;
    assert.equal(await store.deleteToken(gone.id), true, 'a token can be deleted');

    for (const token of saved) {
      assert.deepEqual(await store.findToken({ accessToken: token.accessToken }), token, 'found');
    }
    const raw = Buffer.from(await options.dump(store));
    assert.ok(raw.length > 0, 'the dump holds something');
    const needle = Buffer.from('SEALED-', 'utf8');
    const leaked = secrets.filter((secret) => raw.includes(Buffer.from(secret, 'utf8')));
    assert.equal(leaked.length, 0, `${leaked.length} secret values are stored in plaintext`);
    assert.equal(raw.indexOf(needle), -1, 'no fragment of a secret is stored in plaintext');
  } finally {
    await store.close();
  }
}
