import { randomUUID } from 'node:crypto';
import { MemoryBackend, MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { assertConditionalDeleteAtomic } from '../src/conformance.js';
import { prune, type StoredToken, type TokensOptions } from '../src/index.js';

/** A store that saves a token again (as a refresh would) just before prune reads it. */
class RefreshedDuringPrune extends MemoryTokenStore {
  target = '';
  override async *tokens(options?: TokensOptions): AsyncGenerator<StoredToken, void, undefined> {
    for await (const token of super.tokens(options)) {
      if (token.id === this.target) await this.saveToken({ id: token.id, expiresAt: 7 });
      yield token;
    }
  }
}

describe('deleteToken with expectedVersion', () => {
  it('deletes only the version it names, else VERSION_CONFLICT and nothing changes', async () => {
    const store = new MemoryTokenStore();
    const saved = await store.saveToken({ userName: `u-${randomUUID()}`, accessToken: 'a' });
    await store.saveToken({ id: saved.id, expiresAt: 1 });
    await expect(store.deleteToken(saved.id, { expectedVersion: 1 })).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(await store.findTokenById(saved.id)).not.toBeNull();
    expect(await store.deleteToken(saved.id, { expectedVersion: 2 })).toBe(true);
    expect(await store.deleteToken(saved.id, { expectedVersion: 2 })).toBe(false);
    await expect(store.deleteToken('x', { expectedVersion: -1 })).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });
});

describe('assertConditionalDeleteAtomic', () => {
  const memory = () => new MemoryBackend(new MemoryDatabase().namespace('n'), 'n');

  it('passes a backend whose deleteIfVersion is atomic', async () => {
    await assertConditionalDeleteAtomic(memory());
  });

  it('fails a backend without deleteIfVersion: core reads, then deletes, and loses the save', async () => {
    const racy = memory();
    Object.defineProperty(racy, 'deleteIfVersion', { value: undefined });
    await expect(assertConditionalDeleteAtomic(racy)).rejects.toThrow(
      /not atomic: a save between the version check and the removal was lost/,
    );
  });
});

describe('prune', () => {
  it('leaves a token that was saved again after it was read, and counts it', async () => {
    const store = new RefreshedDuringPrune();
    const old = await store.saveToken({ userName: `u-${randomUUID()}`, accessToken: 'a' });
    store.target = old.id;
    const now = Date.now() + 1_000;
    const result = await prune(store, { olderThanMs: 500 }, { now });
    expect(result.removed).toEqual([]);
    expect(result.changed).toBe(1);
    expect(await store.findTokenById(old.id)).toMatchObject({ version: 2 });
  });

  it('selects nothing saved after the cut-off; rejects a bad policy', async () => {
    const store = new MemoryTokenStore();
    await store.saveToken({ userName: 'x', accessToken: 'a' });
    const result = await prune(store, { olderThanMs: 0 }, { now: 0 });
    expect(result).toMatchObject({ scanned: 1, removed: [], unknownAge: 0 });
    await expect(prune(store, { olderThanMs: -1 })).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });
});
