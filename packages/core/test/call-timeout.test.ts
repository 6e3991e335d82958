import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallOptions, TokenRecord } from '../src/backend-kit.js';
import { BackedTokenStore, isTokenStoreError } from '../src/index.js';

/** A memory backend whose `get` waits for `release()` (or forever), recording its options. */
class StalledBackend extends MemoryBackend {
  readonly seen: CallOptions[] = [];
  stall = true;
  #waiting: (() => void)[] = [];

  constructor() {
    super(new MemoryDatabase().namespace('t'), 't');
  }

  override async get(id: string, options?: CallOptions): Promise<TokenRecord | null> {
    if (options !== undefined) this.seen.push(options);
    if (this.stall) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return super.get(id);
  }

  release(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('per-call timeouts', () => {
  it('rejects a stalled call with STORE_UNAVAILABLE and aborts the signal handed to the backend', async () => {
    const backend = new StalledBackend();
    const store = new BackedTokenStore(backend, { operationTimeoutMs: 40 });
    const error = await store.findTokenById('x').catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe(
      'findTokenById on memory namespace="t": timed out after 40 ms; retrying may work',
    );
    const signal = backend.seen[0]?.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
    backend.release(); // settling late changes nothing
    await store.close();
  });

  it('times out each of several stalled calls, oldest first, and later calls still work', async () => {
    const backend = new StalledBackend();
    const store = new BackedTokenStore(backend, { operationTimeoutMs: 30 });
    const order: string[] = [];
    const calls = ['a', 'b', 'c'].map((id) =>
      store.findTokenById(id).then(
        () => order.push(`${id} resolved`),
        (e: unknown) => order.push(`${id} ${isTokenStoreError(e) ? e.code : 'other'}`),
      ),
    );
    await Promise.all(calls);
    expect(order).toEqual(['a STORE_UNAVAILABLE', 'b STORE_UNAVAILABLE', 'c STORE_UNAVAILABLE']);
    backend.stall = false;
    await expect(store.findTokenById('a')).resolves.toBeNull();
    await store.close();
  });

  it('arms no timer per call: a thousand calls that settle in time share at most one', async () => {
    const backend = new StalledBackend();
    backend.stall = false;
    const store = new BackedTokenStore(backend, { operationTimeoutMs: 5_000 });
    await store.saveToken({ id: 'x', userName: 'u', accessToken: 'a' });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    for (let i = 0; i < 1_000; i++) await store.findTokenById('x');
    await Promise.all(Array.from({ length: 100 }, () => store.findTokenById('x')));
    expect(timers.mock.calls.length).toBeLessThanOrEqual(1);
    await store.close();
  });

  it('with operationTimeoutMs 0 waits as long as the backend takes, and wraps its errors', async () => {
    const backend = new StalledBackend();
    const store = new BackedTokenStore(backend, { operationTimeoutMs: 0 });
    const found = store.findTokenById('x');
    setTimeout(() => backend.release(), 60);
    await expect(found).resolves.toBeNull();
    expect(backend.seen[0]?.signal).toBeUndefined();
    await store.close();
  });

  it('rejects calls with STORE_CLOSED once closed, whatever the backend does', async () => {
    const backend = new StalledBackend();
    const store = new BackedTokenStore(backend, { operationTimeoutMs: 30 });
    await store.close();
    const error = await store.findTokenById('x').catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'STORE_CLOSED')).toBe(true);
  });
});

/** A memory backend whose `clear` takes `steps` steps of `stepMs`, reporting progress or not. */
class SlowClearBackend extends MemoryBackend {
  constructor(
    readonly steps: number,
    readonly stepMs: number,
    readonly reports: boolean,
  ) {
    super(new MemoryDatabase().namespace('t'), 't');
  }

  override async clear(options?: CallOptions): Promise<void> {
    for (let step = 0; step < this.steps; step++) {
      await new Promise((resolve) => setTimeout(resolve, this.stepMs));
      if (this.reports) options?.progress?.();
    }
    return super.clear();
  }
}

describe('bulk calls that report progress', () => {
  it('finish however long they take in all, as long as no step stalls past the timeout', async () => {
    // 10 steps of 40 ms: 400 ms in all, past twice the 150 ms timeout. Each step keeps 110 ms of
    // slack, so a loaded machine's late timers do not fail it (25 ms steps under 40 ms did).
    const store = new BackedTokenStore(new SlowClearBackend(10, 40, true), {
      operationTimeoutMs: 150,
    });
    await store.saveToken({ userName: 'u', accessToken: 'a' });
    await expect(store.deleteTokens()).resolves.toBeUndefined();
    expect(await store.getTokens()).toEqual([]);
    await store.close();
  });

  it('still time out when they report no progress', async () => {
    const store = new BackedTokenStore(new SlowClearBackend(8, 25, false), {
      operationTimeoutMs: 40,
    });
    const error = await store.deleteTokens().catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(
      /^deleteTokens on .*: timed out after 40 ms; retrying may work$/,
    );
    await store.close();
  });

  it('time out when a step after some progress stalls, and leave other calls on time', async () => {
    const backend = new SlowClearBackend(2, 25, true);
    const stalling = new StalledBackend();
    const store = new BackedTokenStore(backend, { operationTimeoutMs: 40 });
    const other = new BackedTokenStore(stalling, { operationTimeoutMs: 40 });
    // The reporting clear outlives its first deadline; a stalled call started with it still
    // times out at its own.
    const [cleared, stalled] = await Promise.allSettled([
      store.deleteTokens(),
      other.findTokenById('x'),
    ]);
    expect(cleared.status).toBe('fulfilled');
    expect(
      stalled.status === 'rejected' && isTokenStoreError(stalled.reason, 'STORE_UNAVAILABLE'),
    ).toBe(true);
    stalling.release();
    await Promise.all([store.close(), other.close()]);
  });
});
