import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeRecord, type SyncRecordCalls, type TokenRecord } from '../src/backend-kit.js';
import { BackedTokenStore } from '../src/index.js';
import { mergeToken } from '../src/merge.js';
import { STRING_FIELDS } from '../src/token.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const memory = () => new MemoryBackend(new MemoryDatabase().namespace('t'), 't');

describe('tokens of frozen records, decoded once', () => {
  it('a memory store parses a record once and hands out a fresh copy on every read', async () => {
    const store = new BackedTokenStore(memory());
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a1', expiresAt: 5 });
    const parse = vi.spyOn(JSON, 'parse');
    const first = await store.findToken({ userName: 'u' });
    const byId = await store.findTokenById(saved.id);
    expect(parse).not.toHaveBeenCalled();
    expect(first).toEqual(saved);
    expect(byId).toEqual(saved);
    (first as { accessToken: string }).accessToken = 'changed by the caller';
    const again = await store.findToken({ userName: 'u' });
    expect(again).toEqual(saved);
    expect(again).not.toBe(first);
    expect(Object.isFrozen(again)).toBe(false);
  });

  it('the memory backend keeps a frozen record as it is and copies one that is not', () => {
    const space = new MemoryDatabase().namespace('t');
    const sync = new MemoryBackend(space, 't').sync as SyncRecordCalls;
    const fields = { userName: 'u', accessToken: 'a' };
    const frozen = encodeRecord({ id: 'f', ...fields }, 1);
    Object.freeze(frozen.keys);
    Object.freeze(frozen);
    const open = encodeRecord({ id: 'o', userName: 'v', accessToken: 'b' }, 1);
    expect(sync.insert(frozen)).toEqual({ status: 'ok' });
    expect(sync.insert(open)).toEqual({ status: 'ok' });
    expect(space.records.get('f')).toBe(frozen);
    expect(space.records.get('o')).not.toBe(open);
    expect(Object.isFrozen(space.records.get('o'))).toBe(true);
  });

  it('decodes again when a frozen record object no longer holds the data it was decoded from', async () => {
    // A backend that hands out one frozen object whose data is a getter (nothing core writes
    // looks like this): the kept token must not outlive the data it came from.
    let data = JSON.stringify({ userName: 'u', accessToken: 'a1' });
    const first = encodeRecord({ id: 'i', userName: 'u', accessToken: 'a1' }, 1);
    const record: TokenRecord = Object.freeze({
      id: 'i',
      version: 1,
      keys: Object.freeze({ ...first.keys }),
      get data() {
        return data;
      },
    });
    class OneRecord extends MemoryBackend {
      override get sync(): SyncRecordCalls {
        return {
          get: () => record,
          findByKey: () => record,
          insert: () => ({ status: 'stale' }),
          replace: () => ({ status: 'stale' }),
        };
      }
    }
    const store = new BackedTokenStore(new OneRecord(new MemoryDatabase().namespace('x'), 'x'));
    expect((await store.findTokenById('i'))?.accessToken).toBe('a1');
    data = JSON.stringify({ userName: 'u', accessToken: 'a2' });
    expect((await store.findTokenById('i'))?.accessToken).toBe('a2');
  });
});

describe('mergeToken', () => {
  it('keeps every field of the stored token that the patch leaves out, and takes the patch’s', () => {
    const stored: Record<string, unknown> = { expiresAt: 1 };
    for (const field of STRING_FIELDS) stored[field] = `stored ${field}`;
    const kept = mergeToken(stored as { id: string }, {}, 7);
    expect(kept).toEqual({ ...stored, updatedAt: 7 });
    const patch: Record<string, unknown> = { expiresAt: 2 };
    for (const field of STRING_FIELDS) patch[field] = `patched ${field}`;
    const merged = mergeToken(stored as { id: string }, patch, 8);
    expect(merged).toEqual({ ...patch, id: 'stored id', updatedAt: 8 });
  });
});
