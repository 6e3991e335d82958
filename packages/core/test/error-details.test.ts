import { inspect } from 'node:util';
import { MemoryBackend, MemoryDatabase } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import {
  BackedTokenStore,
  isRetryable,
  isTokenStoreError,
  TokenStoreError,
  type TokenStoreErrorCode,
} from '../src/index.js';

// Typed error details (#18) and errors an operator can act on (#20), against core's own store on
// a memory backend and stub backends that fail the way drivers do.

const SECRET = 'at-secret-value-0123456789';

function memoryStore(): BackedTokenStore {
  return new BackedTokenStore(new MemoryBackend(new MemoryDatabase().namespace('t'), 't'));
}

async function rejection(work: Promise<unknown>): Promise<TokenStoreError> {
  try {
    await work;
  } catch (error) {
    if (isTokenStoreError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** Every call fails with `error`, as a backend over a broken driver does. */
class FailingBackend extends MemoryBackend {
  constructor(readonly error: unknown) {
    super(new MemoryDatabase().namespace('f'), 'f');
  }
  override async findByKey(): Promise<never> {
    throw this.error;
  }
  override async get(): Promise<never> {
    throw this.error;
  }
}

/** Whatever a secret could hide in: the message, the cause chain and util.inspect. */
function everything(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true })];
  for (let at: unknown = error; at instanceof Error; at = at.cause) parts.push(at.message);
  return parts.join('\n');
}

describe('typed error details', () => {
  it('VERSION_CONFLICT carries the expected and the found version, the operation and the store', async () => {
    const store = memoryStore();
    const saved = await store.saveToken({ userName: 'u', accessToken: SECRET });
    await store.saveToken({ id: saved.id, apiDomain: 'b' }); // now version 2
    const error = await rejection(
      store.saveToken({ id: saved.id, apiDomain: 'c' }, { expectedVersion: 1 }),
    );
    if (error.code !== 'VERSION_CONFLICT') throw new Error(`got ${error.code}`);
    // The code narrows the details: these type-check only on a VERSION_CONFLICT.
    const expected: number = error.expectedVersion;
    expect(expected).toBe(1);
    expect(error.foundVersion).toBe(2);
    expect(error.operation).toBe('saveToken');
    expect(error.store).toBe('memory namespace="t"');
    expect(error.retryable).toBe(false);
    const zero = await rejection(store.saveToken({ userName: 'u' }, { expectedVersion: 0 }));
    expect(isTokenStoreError(zero, 'VERSION_CONFLICT') && zero.foundVersion).toBe(2);
    const del = await rejection(store.deleteToken(saved.id, { expectedVersion: 7 }));
    expect(del).toMatchObject({ code: 'VERSION_CONFLICT', operation: 'deleteToken' });
    expect(isTokenStoreError(del, 'VERSION_CONFLICT') && del.expectedVersion).toBe(7);
  });

  it('DUPLICATE_KEY names which key kind, never its value', async () => {
    const store = memoryStore();
    await store.saveToken({ userName: 'a', accessToken: SECRET });
    const other = await store.saveToken({ userName: 'b', accessToken: 'other-token' });
    const error = await rejection(store.saveToken({ id: other.id, accessToken: SECRET }));
    expect(isTokenStoreError(error, 'DUPLICATE_KEY')).toBe(true);
    if (error.code === 'DUPLICATE_KEY') expect(error.keyKind).toBe('accessToken');
    expect(error.message).toMatch(/its accessToken/);
    expect(everything(error)).not.toContain(SECRET);
  });

  it('errors of the synchronous path (memory backend) carry the operation and the store', async () => {
    const store = memoryStore();
    const bad = await rejection(store.findToken({ userName: { $ne: null } as unknown as string }));
    expect(bad).toMatchObject({ code: 'INVALID_TOKEN', operation: 'findToken' });
    expect(bad.store).toBe('memory namespace="t"');
    const byId = await rejection(store.findTokenById(7 as unknown as string));
    expect(byId).toMatchObject({ code: 'INVALID_TOKEN', operation: 'findTokenById' });
    expect(byId.store).toBe('memory namespace="t"');
  });

  it('validation and closed-store errors carry the operation and the store too', async () => {
    const store = memoryStore();
    const invalid = await rejection(store.saveToken({ expiresAt: -1, accessToken: SECRET }));
    expect(invalid).toMatchObject({ code: 'INVALID_TOKEN', operation: 'saveToken' });
    expect(invalid.store).toBe('memory namespace="t"');
    const pages = await rejection(store.tokens({ pageSize: 0 }).next());
    expect(pages).toMatchObject({ code: 'INVALID_TOKEN', operation: 'tokens' });
    await store.close();
    const closed = await rejection(store.findToken({ userName: 'u' }));
    expect(closed).toMatchObject({ code: 'STORE_CLOSED', operation: 'findToken' });
    expect(closed.store).toBe('memory namespace="t"');
  });

  it('keeps isTokenStoreError working for another class with the same codes', () => {
    const foreign = Object.assign(new Error('x'), { code: 'STORE_MISCONFIGURED' });
    expect(isTokenStoreError(foreign, 'STORE_MISCONFIGURED')).toBe(true);
    expect(isRetryable(foreign)).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { code: 'STORE_UNAVAILABLE' }))).toBe(true);
    expect(isTokenStoreError({ code: 'NOT_OURS' })).toBe(false);
    const ours = new TokenStoreError('DUPLICATE_KEY', 'm', { keyKind: 'userName' });
    expect(ours instanceof TokenStoreError).toBe(true);
    expect(ours).toBeInstanceOf(Error);
    expect(ours.name).toBe('TokenStoreError');
  });

  it('derives retryable from the code', () => {
    const verdicts = Object.fromEntries(
      (
        [
          'INVALID_TOKEN',
          'VERSION_CONFLICT',
          'DUPLICATE_KEY',
          'STORE_UNAVAILABLE',
          'STORE_MISCONFIGURED',
          'CORRUPT_RECORD',
          'STORE_CLOSED',
        ] as const satisfies readonly TokenStoreErrorCode[]
      ).map((code) => [code, new TokenStoreError(code, 'm', { expectedVersion: 1 }).retryable]),
    );
    expect(verdicts).toEqual({
      INVALID_TOKEN: false,
      VERSION_CONFLICT: false,
      DUPLICATE_KEY: false,
      STORE_UNAVAILABLE: true,
      STORE_MISCONFIGURED: false,
      CORRUPT_RECORD: false,
      STORE_CLOSED: false,
    });
  });
});

describe('backend failures an operator can act on', () => {
  it('names the store and the reason the backend gives, and says retrying may work', async () => {
    const driver = Object.assign(new Error(`write of ${SECRET} failed`), {
      name: 'DriverError',
      code: 'ECONNREFUSED',
      reason: 'connect ECONNREFUSED 127.0.0.1:6399',
    });
    const store = new BackedTokenStore(new FailingBackend(driver));
    const error = await rejection(store.findToken({ userName: 'u' }));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'findToken on memory namespace="f": connect ECONNREFUSED 127.0.0.1:6399; retrying may work',
    );
    if (error.code === 'STORE_UNAVAILABLE') expect(error.reason).toBe(driver.reason);
    expect(error.cause).toBe(driver);
  });

  it('reports a refused configuration as STORE_MISCONFIGURED, not retryable', async () => {
    const driver = Object.assign(new Error('WRONGPASS invalid username-password pair'), {
      reason: 'WRONGPASS invalid username-password pair',
      misconfigured: true,
    });
    const store = new BackedTokenStore(new FailingBackend(driver));
    const error = await rejection(store.findTokenById('x'));
    expect(error).toMatchObject({
      code: 'STORE_MISCONFIGURED',
      retryable: false,
      operation: 'findTokenById',
      store: 'memory namespace="f"',
    });
    expect(error.message).toMatch(
      /^findTokenById on memory namespace="f": WRONGPASS .*; a configuration error: retrying will not help until it is fixed$/,
    );
    expect(error.message).not.toMatch(/retrying may work/);
  });

  it("shows an unknown error's name and code only: its message may quote what was sent", async () => {
    const driver = Object.assign(new Error(`could not send ${SECRET}`), { code: 'EPIPE' });
    const store = new BackedTokenStore(new FailingBackend(driver));
    const error = await rejection(store.findToken({ userName: 'u' }));
    expect(error.message).toBe(
      'findToken on memory namespace="f": Error (EPIPE); retrying may work',
    );
  });

  it('a timeout names the store', async () => {
    class Stalled extends MemoryBackend {
      override get(): Promise<never> {
        return new Promise(() => {});
      }
    }
    const store = new BackedTokenStore(new Stalled(new MemoryDatabase().namespace('s'), 's'), {
      operationTimeoutMs: 30,
    });
    const error = await rejection(store.findTokenById('x'));
    expect(error.message).toBe(
      'findTokenById on memory namespace="s": timed out after 30 ms; retrying may work',
    );
  });

  it('a backend’s own STORE_MISCONFIGURED is wrapped once so that its message names the store', async () => {
    const own = new TokenStoreError('STORE_MISCONFIGURED', 'table "t" is not a token table');
    const store = new BackedTokenStore(new FailingBackend(own));
    const error = await rejection(store.findToken({ userName: 'u' }));
    expect(error.message).toBe('findToken on memory namespace="f": table "t" is not a token table');
    expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', cause: own });
  });
});

describe('a missing encryption key', () => {
  it('is STORE_MISCONFIGURED naming the key id, not a TypeError about undefined', () => {
    const unset = process.env.TOKENSTORE_TEST_UNSET_KEY_VARIABLE as string;
    let thrown: unknown;
    try {
      new BackedTokenStore(new MemoryBackend(new MemoryDatabase().namespace('k'), 'k'), {
        encryption: {
          currentKeyId: 'k-2026',
          keys: { 'k-2026': unset },
          indexKey: Buffer.alloc(32, 2),
        },
      });
    } catch (error) {
      thrown = error;
    }
    expect(isTokenStoreError(thrown, 'STORE_MISCONFIGURED')).toBe(true);
    expect((thrown as Error).message).toMatch(
      /^encryption key "k-2026" is missing \(got undefined\)/,
    );
  });

  it('from a key provider that returns nothing is STORE_MISCONFIGURED naming the key id', async () => {
    const store = new BackedTokenStore(
      new MemoryBackend(new MemoryDatabase().namespace('p'), 'p'),
      {
        encryption: {
          currentKeyId: 'k-9',
          indexKey: Buffer.alloc(32, 1),
          keyProvider: async () => undefined as unknown as string,
        },
      },
    );
    const error = await rejection(store.saveToken({ userName: 'u', accessToken: SECRET }));
    expect(error).toMatchObject({ code: 'STORE_MISCONFIGURED', operation: 'saveToken' });
    expect(error.message).toMatch(/key "k-9" from the key provider is missing/);
    expect(everything(error)).not.toContain(SECRET);
  });
});
