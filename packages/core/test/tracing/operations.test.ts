import { randomUUID } from 'node:crypto';
import { MemoryBackend, MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordBackend, TokenRecord, WriteResult } from '../../src/backend-kit.js';
import { BackedTokenStore } from '../../src/index.js';
import { recordTraces } from './recorder.js';

let recorder: ReturnType<typeof recordTraces> | undefined;
afterEach(() => {
  recorder?.stop();
  recorder = undefined;
});

function secrets() {
  return {
    clientSecret: `cs-${randomUUID()}`,
    grantToken: `gt-${randomUUID()}`,
    refreshToken: `rt-${randomUUID()}`,
    accessToken: `at-${randomUUID()}`,
  };
}

/** A memory backend that loses the race of its first `stale` replaces, and counts describes. */
class RacingBackend implements RecordBackend {
  readonly inner = new MemoryBackend(new MemoryDatabase().namespace('racing'), 'racing');
  staleReplaces = 0;
  describes = 0;
  get = (id: string) => this.inner.get(id);
  findByKey: RecordBackend['findByKey'] = (kind, digest) => this.inner.findByKey(kind, digest);
  insert = (record: TokenRecord) => this.inner.insert(record);
  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    if (this.staleReplaces > 0) {
      this.staleReplaces--;
      return { status: 'stale' };
    }
    return this.inner.replace(next, previous);
  }
  delete = (id: string) => this.inner.delete(id);
  scan = (pageSize: number) => this.inner.scan(pageSize);
  clear = () => this.inner.clear();
  close = () => this.inner.close();
  describe(): string {
    this.describes++;
    return 'racing memory';
  }
}

describe('tracing channels', () => {
  it('publishes start, end, asyncStart and asyncEnd once per call, with the outcome', async () => {
    const store = new MemoryTokenStore({ namespace: `n-${randomUUID()}` });
    recorder = recordTraces();
    const userName = `u-${randomUUID()}`;
    expect(await store.findToken({ userName })).toBeNull();
    const inserted = await store.saveToken({ userName, ...secrets() });
    await store.saveToken({ userName, expiresAt: 5 });
    expect(await store.findToken({ userName })).not.toBeNull();
    await store.findTokenById(inserted.id);
    await store.findTokenById('nope');
    await store.getTokens();
    for await (const _ of store.tokens({ pageSize: 1 })) {
      // drain
    }
    expect(await store.deleteToken(inserted.id)).toBe(true);
    expect(await store.deleteToken(inserted.id)).toBe(false);
    await store.deleteTokens();
    await store.close();

    const pick = (op: string) =>
      recorder?.ends(op).map((c) => [c.outcome, c.keyKind, c.store, c.count]);
    const where = 'memory';
    expect(pick('findToken')).toEqual([
      ['miss', 'userName', expect.stringContaining(where), undefined],
      ['hit', 'userName', expect.stringContaining(where), undefined],
    ]);
    expect(pick('saveToken')).toEqual([
      ['inserted', 'userName', expect.stringContaining(where), undefined],
      ['updated', 'userName', expect.stringContaining(where), undefined],
    ]);
    expect(pick('findTokenById')?.map((c) => c[0])).toEqual(['hit', 'miss']);
    expect(pick('deleteToken')?.map((c) => c[0])).toEqual(['hit', 'miss']);
    expect(pick('getTokens')?.map((c) => [c[0], c[3]])).toEqual([['ok', 1]]);
    // getTokens iterates tokens(): two iterations, each traced once with its count.
    expect(pick('tokens')?.map((c) => [c[0], c[3]])).toEqual([
      ['ok', 1],
      ['ok', 1],
    ]);
    expect(pick('deleteTokens')?.map((c) => c[0])).toEqual(['ok']);
    expect(pick('close')?.map((c) => c[0])).toEqual(['ok']);

    // Every call: start, end, asyncStart, asyncEnd, in that order, no error.
    const byChannel = new Map<string, string[]>();
    for (const e of recorder.events) {
      byChannel.set(e.channel, [...(byChannel.get(e.channel) ?? []), e.event]);
    }
    expect(byChannel.get('tokenstore:findToken')).toEqual([
      'start',
      'end',
      'asyncStart',
      'asyncEnd',
      'start',
      'end',
      'asyncStart',
      'asyncEnd',
    ]);
    expect(recorder.events.filter((e) => e.event === 'error')).toEqual([]);
    // No subscriber ever receives a token: result stays undefined.
    expect(recorder.events.every((e) => e.context.result === undefined)).toBe(true);
  });

  it('reports conflicts, duplicates and a closed store as errors with their code', async () => {
    const store = new MemoryTokenStore({ namespace: `n-${randomUUID()}` });
    const a = await store.saveToken({ userName: `a-${randomUUID()}`, ...secrets() });
    const b = await store.saveToken({ userName: `b-${randomUUID()}`, ...secrets() });
    recorder = recordTraces();
    await expect(store.saveToken({ id: a.id }, { expectedVersion: 7 })).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    await expect(store.saveToken({ id: b.id, userName: a.userName })).rejects.toMatchObject({
      code: 'DUPLICATE_KEY',
    });
    await expect(store.saveToken({ userName: 'x', expiresAt: -1 })).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    await store.close();
    await expect(store.findTokenById(a.id)).rejects.toMatchObject({ code: 'STORE_CLOSED' });

    expect(recorder.ends('saveToken').map((c) => [c.outcome, c.errorCode, c.keyKind])).toEqual([
      ['conflict', 'VERSION_CONFLICT', 'id'],
      ['duplicate', 'DUPLICATE_KEY', 'id'],
      ['error', 'INVALID_TOKEN', undefined],
    ]);
    expect(recorder.ends('findTokenById').map((c) => [c.outcome, c.errorCode])).toEqual([
      ['error', 'STORE_CLOSED'],
    ]);
    const errors = recorder.events.filter((e) => e.event === 'error');
    expect(errors).toHaveLength(4);
    expect(errors.every((e) => e.context.error instanceof Error)).toBe(true);
  });

  it('counts the retries of a save that lost races', async () => {
    const backend = new RacingBackend();
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: `u-${randomUUID()}`, ...secrets() });
    backend.staleReplaces = 2;
    recorder = recordTraces();
    await store.saveToken({ id: saved.id, expiresAt: 1 });
    expect(recorder.ends('saveToken').map((c) => [c.outcome, c.retries])).toEqual([['updated', 2]]);
  });

  it('builds nothing when nobody subscribes: no description is asked for', async () => {
    const backend = new RacingBackend();
    const store = new BackedTokenStore(backend);
    const saved = await store.saveToken({ userName: `u-${randomUUID()}`, ...secrets() });
    await store.findTokenById(saved.id);
    await store.getTokens();
    expect(backend.describes).toBe(0);
    recorder = recordTraces();
    await store.findTokenById(saved.id);
    expect(backend.describes).toBe(1);
  });

  it('never puts a secret in any message, error or printed context', async () => {
    const store = new MemoryTokenStore({ namespace: `n-${randomUUID()}` });
    recorder = recordTraces();
    const values = [secrets(), secrets(), secrets()];
    const saved = [];
    for (const [i, s] of values.entries()) {
      saved.push(await store.saveToken({ userName: `u${i}-${randomUUID()}`, clientId: 'c', ...s }));
    }
    const [first, second] = values as [ReturnType<typeof secrets>, ReturnType<typeof secrets>];
    await store.findToken({ accessToken: first.accessToken });
    await store.findToken({ clientId: 'c', clientSecret: 'z', refreshToken: second.refreshToken });
    await store.findToken({ clientId: 'c', clientSecret: 'z', grantToken: second.grantToken });
    await expect(
      store.saveToken({ accessToken: first.accessToken, userName: saved[1]?.userName }),
    ).rejects.toThrow();
    await expect(
      store.saveToken({ id: saved[2]?.id, ...first }, { expectedVersion: 9 }),
    ).rejects.toThrow();
    await store.getTokens();
    const all = values.flatMap((s) => Object.values(s));
    expect(recorder.events.length).toBeGreaterThan(20);
    for (const event of recorder.events) {
      const text = `${event.printed}\n${JSON.stringify(event.context)}`;
      for (const secret of all) expect(text).not.toContain(secret);
    }
  });
});
