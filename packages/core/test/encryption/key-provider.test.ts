import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fullToken, rejectsWith } from '../../src/conformance.js';
import { FAILED_KEY_LOAD_RETRY_MS } from '../../src/encryption/keyring.js';
import { indexKey, keyA, memoryStores } from './keys.js';

/** What `work` settled with within `ms`, or 'still pending' (the bug: a call that never ends). */
async function within(ms: number, work: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    work.then(
      (value) => value,
      (error: unknown) => error,
    ),
    sleep(ms).then(() => 'still pending'),
  ]);
}

describe('a keyProvider that misbehaves', () => {
  it('fails an operation whose key load hangs with STORE_UNAVAILABLE after keyProviderTimeoutMs, aborts the load and tries again on the next use', async () => {
    let hang = true;
    const signals: (AbortSignal | undefined)[] = [];
    const store = memoryStores().fresh({
      // Optional, as a provider written for one argument would be: it must hang, not crash.
      keyProvider: async (_keyId, context?: { signal: AbortSignal }) => {
        signals.push(context?.signal);
        if (hang) return new Promise(() => {}); // a KMS request into a black hole
        return keyA;
      },
      keyProviderTimeoutMs: 100,
      currentKeyId: 'kms-1',
      indexKey,
    });
    const outcome = await within(2_000, store.saveToken(fullToken()));
    expect(outcome).toMatchObject({ name: 'TokenStoreError', code: 'STORE_UNAVAILABLE' });
    expect(signals[0]?.aborted).toBe(true);
    // The hung load is not kept past FAILED_KEY_LOAD_RETRY_MS: with the KMS back, the next
    // operation after it loads the key.
    hang = false;
    await sleep(FAILED_KEY_LOAD_RETRY_MS + 50);
    const saved = await within(2_000, store.saveToken(fullToken()));
    expect(saved).toMatchObject({ version: 1 });
    expect(signals).toHaveLength(2);
  });

  it('asks the provider for a key it failed to load at most once per FAILED_KEY_LOAD_RETRY_MS, however many reads need it', async () => {
    const asked: string[] = [];
    let known = false;
    const options = {
      keyProvider: async (keyId: string) => {
        asked.push(keyId);
        if (!known) throw new Error(`no key ${keyId} in the KMS`);
        return keyA;
      },
      currentKeyId: 'kms-1',
      indexKey,
    };
    const store = memoryStores().fresh(options);
    const reads = await Promise.all(
      Array.from({ length: 20 }, () => store.saveToken(fullToken()).catch((e: unknown) => e)),
    );
    const later = await store.saveToken(fullToken()).catch((e: unknown) => e);
    for (const outcome of [...reads, later]) {
      expect(outcome).toMatchObject({ name: 'TokenStoreError', code: 'STORE_UNAVAILABLE' });
    }
    expect(asked).toEqual(['kms-1']);

    known = true;
    await sleep(FAILED_KEY_LOAD_RETRY_MS + 50);
    expect(await store.saveToken(fullToken())).toMatchObject({ version: 1 });
    expect(asked).toEqual(['kms-1', 'kms-1']);
  });

  it('refuses provider material of the wrong length with STORE_MISCONFIGURED, naming the key and never its bytes', async () => {
    const short = randomBytes(16);
    const store = memoryStores().fresh({
      keyProvider: async () => short,
      currentKeyId: 'kms-1',
      indexKey,
    });
    const error = await rejectsWith(store.saveToken(fullToken()), 'STORE_MISCONFIGURED', 'short');
    const shown = inspect(error, { showHidden: true, depth: 10 });
    expect(shown).toContain('kms-1');
    expect(shown).not.toContain(short.toString('base64'));
    expect(shown).not.toContain(short.toString('hex'));
  });

  it('rejects a keyProviderTimeoutMs that is not a usable duration', () => {
    const stores = memoryStores();
    for (const keyProviderTimeoutMs of [0, -1, Number.NaN, 2 ** 31]) {
      expect(() =>
        stores.fresh({
          keyProvider: async () => keyA,
          keyProviderTimeoutMs,
          currentKeyId: 'kms-1',
          indexKey,
        }),
      ).toThrow(RangeError);
    }
  });
});
