import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { BackedTokenStore, type TokenRecord } from '../src/backend-kit.js';

function memoryStore(options = {}) {
  return new BackedTokenStore(new MemoryBackend(new MemoryDatabase().namespace('n'), 'n'), options);
}

/** A memory backend whose scan never answers, as a server that stopped mid-listing. */
class HangingScanBackend extends MemoryBackend {
  override async *scan(): AsyncGenerator<readonly TokenRecord[]> {
    await new Promise(() => {});
  }
}

describe('BackedTokenStore bugs', () => {
  it('reencrypt({ pageSize: 0 }) rejects with INVALID_TOKEN, as tokens() does', async () => {
    const store = memoryStore();
    await store.saveToken({ userName: 'u', accessToken: 'a' });
    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      await expect(store.reencrypt({ pageSize })).rejects.toMatchObject({
        code: 'INVALID_TOKEN',
        message: expect.stringContaining('reencrypt: pageSize'),
      });
    }
    await store.close();
  });

  it('operationTimeoutMs bounds tokens(), getTokens() and reencrypt() when the scan hangs', async () => {
    const store = new BackedTokenStore(
      new HangingScanBackend(new MemoryDatabase().namespace('n'), 'n'),
      { operationTimeoutMs: 200 },
    );
    const within = <T>(work: Promise<T>) =>
      Promise.race([
        work.then(
          () => 'resolved',
          (error: { code?: string }) => error.code,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still pending'), 2_000)),
      ]);
    expect(await within(store.getTokens())).toBe('STORE_UNAVAILABLE');
    expect(await within(store.reencrypt())).toBe('STORE_UNAVAILABLE');
    const listing = (async () => {
      for await (const _ of store.tokens()) break;
    })();
    expect(await within(listing)).toBe('STORE_UNAVAILABLE');
    await store.close();
  });

  it.each([
    [{ operationTimeoutMs: Number.NaN }, 'operationTimeoutMs'],
    [{ operationTimeoutMs: -1 }, 'operationTimeoutMs'],
    [{ maxSaveAttempts: 0 }, 'maxSaveAttempts'],
    [{ maxSaveAttempts: 2.5 }, 'maxSaveAttempts'],
  ])('%o throws a RangeError naming %s at construction', (options, name) => {
    expect(() => memoryStore(options)).toThrow(RangeError);
    expect(() => memoryStore(options)).toThrow(name);
  });

  it('accepts the documented values (0 waits forever, 1 attempt)', async () => {
    const store = memoryStore({ operationTimeoutMs: 0, maxSaveAttempts: 1 });
    await expect(store.saveToken({ userName: 'u', accessToken: 'a' })).resolves.toMatchObject({
      version: 1,
    });
    await store.close();
  });
});
