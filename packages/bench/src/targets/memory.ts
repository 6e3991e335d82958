import type { BenchToken } from '../token-fixtures.js';
import { seedRecord } from './seed-record.js';
import type { BenchTarget, OpenTarget, RawDriver } from './target.js';

type Token = Record<string, unknown>;

/**
 * The raw variant of the memory store: a `Map` by id and a `Map` per unique key, with a
 * `structuredClone` in and out (a store must not hand out or keep the caller's objects).
 */
export class MapDriver implements RawDriver {
  readonly label = 'Map per key + structuredClone';
  readonly #byId = new Map<string, Token>();
  readonly #byKey = new Map<string, string>();

  insert(token: BenchToken): void {
    const copy = structuredClone(token) as unknown as Token;
    this.#byId.set(token.id, copy);
    this.#index(copy);
  }

  delete({ id }: BenchToken): void {
    const token = this.#byId.get(id);
    if (token === undefined) return;
    for (const key of keysOf(token)) this.#byKey.delete(key);
    this.#byId.delete(id);
  }

  updateByUserName({ userName }: BenchToken, accessToken: string, expiresAt: number): void {
    const id = this.#byKey.get(`u:${userName}`);
    const token = id === undefined ? undefined : this.#byId.get(id);
    if (token === undefined) return;
    this.#byKey.delete(`a:${token.accessToken as string}`);
    const next = { ...token, accessToken, expiresAt };
    this.#byId.set(token.id as string, next);
    this.#byKey.set(`a:${accessToken}`, token.id as string);
  }

  findByUserName({ userName }: BenchToken): Token | null {
    return this.#find(`u:${userName}`);
  }

  findByAccessToken({ accessToken }: BenchToken): Token | null {
    return this.#find(`a:${accessToken}`);
  }

  findByClientRefresh({ clientId, refreshToken }: BenchToken): Token | null {
    return this.#find(`r:${clientId}\u0000${refreshToken}`);
  }

  findByClientGrant({ clientId, grantToken }: BenchToken): Token | null {
    return this.#find(`g:${clientId}\u0000${grantToken}`);
  }

  findById({ id }: BenchToken): Token | null {
    const token = this.#byId.get(id);
    return token === undefined ? null : structuredClone(token);
  }

  async scanAll(): Promise<number> {
    let n = 0;
    for (const token of this.#byId.values()) if (structuredClone(token)) n++;
    return n;
  }

  #find(key: string): Token | null {
    const id = this.#byKey.get(key);
    const token = id === undefined ? undefined : this.#byId.get(id);
    return token === undefined ? null : structuredClone(token);
  }

  #index(token: Token): void {
    for (const key of keysOf(token)) this.#byKey.set(key, token.id as string);
  }
}

function keysOf(token: Token): string[] {
  const t = token as unknown as BenchToken;
  return [
    `u:${t.userName}`,
    `a:${t.accessToken}`,
    `r:${t.clientId}\u0000${t.refreshToken}`,
    `g:${t.clientId}\u0000${t.grantToken}`,
  ];
}

/** The memory store against `Map`s: every record in this process, no server. */
export const memoryTarget: BenchTarget = {
  name: 'memory',
  maxTokens: { count: 1_000_000, why: 'in the heap (about 1 KiB a token)' },
  concurrency: false,
  async open(): Promise<OpenTarget> {
    const { MemoryBackend, MemoryDatabase, MemoryTokenStore } = await import(
      '@tokenstore/store-memory'
    );
    const database = new MemoryDatabase();
    const namespace = 'bench';
    const store = new MemoryTokenStore({ database, namespace });
    const backend = new MemoryBackend(database.namespace(namespace), namespace);
    const raw = new MapDriver();
    return {
      store,
      raw,
      async seedStore(tokens, updatedAt) {
        for (const token of tokens) {
          const result = await backend.insert(seedRecord(token, updatedAt));
          if (result.status !== 'ok') throw new Error(`memory seed: ${result.status}`);
        }
      },
      async seedRaw(tokens) {
        for (const token of tokens) raw.insert(token);
      },
      async readStored(id) {
        const space = database.namespace(namespace);
        const record = space.records.get(id);
        const keys = Object.entries(space.keys).flatMap(([kind, map]) =>
          [...map].filter(([, holder]) => holder === id).map(([digest]) => `${kind}:${digest}`),
        );
        return { record, keys: keys.sort() };
      },
      close: () => store.close(),
    };
  },
};
