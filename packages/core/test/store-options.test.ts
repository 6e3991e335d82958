import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { BackedTokenStore, checkBackedStoreOptions } from '../src/backend-kit.js';

/** What `run` threw (or `undefined`), reduced to what a caller tells errors apart by. */
function thrown(run: () => unknown): { name: string; code?: unknown; message: string } | undefined {
  try {
    run();
  } catch (error) {
    const { name, message, code } = error as Error & { code?: unknown };
    return { name, code, message };
  }
  return undefined;
}

const key = Buffer.alloc(32, 7);

describe('checkBackedStoreOptions', () => {
  it.each([
    ['operationTimeoutMs: NaN', { operationTimeoutMs: Number.NaN }],
    ['operationTimeoutMs: "100"', { operationTimeoutMs: '100' as unknown as number }],
    ['maxSaveAttempts: 0', { maxSaveAttempts: 0 }],
    ['currentKeyId: ""', { encryption: { keys: { k: key }, currentKeyId: '', indexKey: key } }],
    [
      'a key from an unset variable',
      {
        encryption: {
          keys: { k: undefined as unknown as string },
          currentKeyId: 'k',
          indexKey: key,
        },
      },
    ],
    [
      'an index key of 31 bytes',
      { encryption: { keys: { k: key }, currentKeyId: 'k', indexKey: Buffer.alloc(31) } },
    ],
  ])('throws for %s exactly what the constructor throws', (_, options) => {
    const backend = new MemoryBackend(new MemoryDatabase().namespace('n'), 'n');
    const fromCheck = thrown(() => checkBackedStoreOptions(options));
    expect(fromCheck).toBeDefined();
    expect(fromCheck).toEqual(thrown(() => new BackedTokenStore(backend, options)));
    expect(fromCheck?.message).not.toContain(key.toString('base64'));
  });

  it('accepts what the constructor accepts (defaults, 0 waits forever, encryption)', () => {
    for (const options of [
      {},
      { operationTimeoutMs: 0, maxSaveAttempts: 1 },
      { encryption: { keys: { k: key }, currentKeyId: 'k', indexKey: key } },
    ]) {
      expect(() => checkBackedStoreOptions(options)).not.toThrow();
    }
  });
});
