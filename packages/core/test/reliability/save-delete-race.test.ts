import { randomUUID } from 'node:crypto';
import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { BackedTokenStore, isTokenStoreError } from '../../src/index.js';
import { withLatency } from './latency-backend.js';

// A save by lookup key that loses an insert race re-reads the winner to update it. When the
// winner is deleted before that re-read, nothing holds the key any more: the save must try
// again, not report DUPLICATE_KEY (the contract allows that only when a second token would
// really get the value).
describe('a save that loses an insert race to a token deleted at once', () => {
  async function race(saves: number) {
    const backend = new MemoryBackend(new MemoryDatabase().namespace('n'), 'n');
    const store = new BackedTokenStore(withLatency(backend, 3), { operationTimeoutMs: 0 });
    const userName = `user-${randomUUID()}`;
    let done = false;
    const deleter = (async () => {
      while (!done) {
        const found = await store.findToken({ userName });
        if (found !== null) await store.deleteToken(found.id);
      }
    })();
    const outcomes = await Promise.allSettled(
      Array.from({ length: saves }, (_, i) =>
        store.saveToken({ userName, accessToken: `access-${i}-${randomUUID()}` }),
      ),
    );
    done = true;
    await deleter;
    const duplicates = outcomes.filter(
      (o) => o.status === 'rejected' && isTokenStoreError(o.reason, 'DUPLICATE_KEY'),
    ).length;
    const otherFailures = outcomes.filter(
      (o) => o.status === 'rejected' && !isTokenStoreError(o.reason, 'DUPLICATE_KEY'),
    );
    return { duplicates, otherFailures, store };
  }

  it('retries instead of throwing DUPLICATE_KEY (400 concurrent saves, 0-3 ms latency)', async () => {
    const { duplicates, otherFailures, store } = await race(400);
    expect(otherFailures).toEqual([]);
    expect(duplicates).toBe(0);
    expect((await store.getTokens()).length).toBeLessThanOrEqual(1);
  });

  it('still rejects a save that would give a second token a value another token keeps', async () => {
    const backend = new MemoryBackend(new MemoryDatabase().namespace('n'), 'n');
    const store = new BackedTokenStore(withLatency(backend, 3), { operationTimeoutMs: 0 });
    const kept = await store.saveToken({ userName: 'a', accessToken: 'shared' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.saveToken({ userName: `b${i}`, accessToken: 'shared' }),
      ),
    );
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected');
      expect(isTokenStoreError((attempt as PromiseRejectedResult).reason, 'DUPLICATE_KEY')).toBe(
        true,
      );
    }
    expect(await store.getTokens()).toEqual([kept]);
  });
});
