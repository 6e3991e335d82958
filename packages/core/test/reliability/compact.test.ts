import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { BackedTokenStore, type RecordBackend } from '../../src/backend-kit.js';
import { fullToken } from '../../src/conformance.js';
import { underA } from '../encryption/keys.js';

function compactingBackend(space = new MemoryDatabase().namespace('n')) {
  const calls = { compact: 0 };
  const inner = new MemoryBackend(space, 'n');
  const backend: RecordBackend = Object.assign(Object.create(inner) as RecordBackend, {
    get: inner.get.bind(inner),
    findByKey: inner.findByKey.bind(inner),
    insert: inner.insert.bind(inner),
    replace: inner.replace.bind(inner),
    delete: inner.delete.bind(inner),
    scan: inner.scan.bind(inner),
    clear: inner.clear.bind(inner),
    close: inner.close.bind(inner),
    describe: inner.describe.bind(inner),
    compact: async () => {
      calls.compact++;
    },
  });
  return { backend, calls, space };
}

describe('reencrypt compacts the backend after rewriting', () => {
  it('calls compact once when records were rewritten, never when nothing was, nor with compact: false', async () => {
    const { backend, calls, space } = compactingBackend();
    const plain = new BackedTokenStore(backend);
    for (let i = 0; i < 5; i++) await plain.saveToken(fullToken());
    const store = new BackedTokenStore(backend, {
      encryption: { ...underA, plaintextRecords: 'migrate' },
    });
    expect(await store.reencrypt({ pageSize: 2 })).toEqual({
      scanned: 5,
      rewritten: 5,
      skipped: 0,
      compacted: true,
    });
    expect(calls.compact).toBe(1);
    expect((await store.reencrypt()).compacted).toBe(false);
    expect(calls.compact).toBe(1);
    const again = new BackedTokenStore(compactingBackend(space).backend, {
      encryption: {
        ...underA,
        currentKeyId: 'B',
        keys: { ...underA.keys, B: Buffer.alloc(32, 7) },
      },
    });
    expect((await again.reencrypt({ compact: false })).compacted).toBe(false);
  });
});
