import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EncryptionOptions } from '../encryption/encryption-options.js';
import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import type { StoredToken } from '../token.js';
import { rejectsWith } from './expect.js';
import { fullToken, unique } from './values.js';

/** Options of {@link assertTamperingRefused}. */
export interface TamperingOptions {
  /**
   * A store on `namespace` of one shared backend, with this encryption or none. Stores opened
   * on one namespace share their records, whatever their options.
   */
  open: (namespace: string, encryption?: EncryptionOptions) => TokenStore | Promise<TokenStore>;
}

function encryptionOptions(): EncryptionOptions {
  return { keys: { k1: randomBytes(32) }, currentKeyId: 'k1', indexKey: randomBytes(32) };
}

async function neverYields(store: TokenStore, forged: string, what: string): Promise<void> {
  try {
    for await (const token of store.tokens()) {
      assert.notEqual(token.accessToken, forged, `${what}: a forged token was listed`);
    }
  } catch (error) {
    if (!isTokenStoreError(error, 'CORRUPT_RECORD')) throw error;
  }
}

/**
 * What someone who can write the backend but has none of the keys tries, through a store with
 * encryption off on the same namespace (which writes records exactly as an attacker can):
 * - a sealed record replaced by a plaintext one with a forged accessToken, and a planted
 *   plaintext token: an encrypted store (default options) never returns either;
 * - a store opened with another `indexKey` (a misconfiguration): it refuses to write, instead of
 *   missing the existing token and inserting a duplicate, and refuses to read the records.
 */
export async function assertTamperingRefused(options: TamperingOptions): Promise<void> {
  const opened: TokenStore[] = [];
  const open = async (namespace: string, encryption?: EncryptionOptions) => {
    const store = await options.open(namespace, encryption);
    opened.push(store);
    return store;
  };
  try {
    const encryption = encryptionOptions();
    const namespace = `tamper${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const sealed = await open(namespace, encryption);
    const genuine = await sealed.saveToken(fullToken());
    const attacker = await open(namespace);
    const forged = unique('FORGED-access');
    await attacker.saveToken({ id: genuine.id, accessToken: forged });
    const planted = await attacker.saveToken(fullToken({ accessToken: unique('FORGED-planted') }));

    const victim = await open(namespace, encryption);
    await rejectsWith(
      victim.findTokenById(genuine.id),
      'CORRUPT_RECORD',
      'a forged plaintext record',
    );
    await rejectsWith(
      victim.findTokenById(planted.id),
      'CORRUPT_RECORD',
      'a planted plaintext record',
    );
    for (const query of [
      { accessToken: forged },
      { userName: genuine.userName },
      { userName: planted.userName },
    ]) {
      const found: StoredToken | null = await victim.findToken(query).catch((error: unknown) => {
        if (isTokenStoreError(error, 'CORRUPT_RECORD')) return null;
        throw error;
      });
      assert.equal(found, null, 'a lookup never returns a forged token');
    }
    await neverYields(victim, forged, 'tokens()');

    const other = `idx${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const good = await open(other, encryption);
    const kept = await good.saveToken(fullToken());
    const wrong = await open(other, { ...encryption, indexKey: randomBytes(32) });
    await rejectsWith(
      wrong.saveToken({ userName: kept.userName, accessToken: unique('second') }),
      'CORRUPT_RECORD',
      'a save through another indexKey',
    );
    await rejectsWith(
      wrong.findTokenById(kept.id),
      'CORRUPT_RECORD',
      'a read through another indexKey',
    );
    assert.deepEqual(await good.getTokens(), [kept], 'no duplicate was inserted');
  } finally {
    for (const store of opened) await store.close();
  }
}
