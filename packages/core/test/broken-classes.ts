import { randomUUID } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import type {
  SaveOptions,
  StoredToken,
  TokenInput,
  TokenStore,
  TokensOptions,
} from '../src/index.js';
import { DelegatingStore } from './delegating-store.js';

// Stores written the way hand-written stores are, each with one bug such stores are known to
// have (issue 14's classes). Each wraps a correct store and breaks one behaviour.

/** Pages of at most this many tokens: the "own page size" of the stores below. */
const OWN_PAGE = 100;

/** Lists with one query of the store's own page size and never asks for the next page. */
export class ListsOwnPageOnly extends DelegatingStore {
  override async *tokens(_options?: TokensOptions): AsyncGenerator<StoredToken> {
    yield* (await this.inner.getTokens()).slice(0, OWN_PAGE);
  }
  override async getTokens(): Promise<StoredToken[]> {
    return (await this.inner.getTokens()).slice(0, OWN_PAGE);
  }
}

const byIdOrder = (a: StoredToken, b: StoredToken) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pages by OFFSET over the live table: a delete before the cursor shifts a token past it. */
export class OffsetPaging extends DelegatingStore {
  override async *tokens(options?: TokensOptions): AsyncGenerator<StoredToken> {
    const size = options?.pageSize ?? OWN_PAGE;
    for (let offset = 0; ; offset += size) {
      const page = (await this.inner.getTokens()).sort(byIdOrder).slice(offset, offset + size);
      yield* page;
      if (page.length < size) return;
    }
  }
  override async getTokens(): Promise<StoredToken[]> {
    const all: StoredToken[] = [];
    for await (const token of this.tokens()) all.push(token);
    return all;
  }
}

/** Pages by `updatedAt > cursor` with one-second timestamps: ties at a page boundary are lost. */
export class CoarseTimestampCursor extends DelegatingStore {
  readonly #stamps = new Map<string, number>();
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const saved = await this.inner.saveToken(token, options);
    this.#stamps.set(saved.id, Math.floor(Date.now() / 1000));
    return saved;
  }
  override async *tokens(options?: TokensOptions): AsyncGenerator<StoredToken> {
    const size = options?.pageSize ?? OWN_PAGE;
    let cursor = Number.NEGATIVE_INFINITY;
    for (;;) {
      const stamp = (token: StoredToken) => this.#stamps.get(token.id) ?? 0;
      const page = (await this.inner.getTokens())
        .filter((token) => stamp(token) > cursor)
        .sort((a, b) => stamp(a) - stamp(b))
        .slice(0, size);
      yield* page;
      if (page.length < size) return;
      cursor = stamp(page[page.length - 1] as StoredToken);
    }
  }
  override async getTokens(): Promise<StoredToken[]> {
    const all: StoredToken[] = [];
    for await (const token of this.tokens()) all.push(token);
    return all;
  }
}

/** Starts its keyset cursor after a fixed id (`WHERE id > '0'`): ids sorting first are lost. */
export class CursorAfterFixedId extends DelegatingStore {
  override async *tokens(options?: TokensOptions): AsyncGenerator<StoredToken> {
    for await (const token of this.inner.tokens(options)) if (token.id > '0') yield token;
  }
  override async getTokens(): Promise<StoredToken[]> {
    return (await this.inner.getTokens()).filter((token) => token.id > '0');
  }
}

/** Its own index userName/accessToken -> id gains new entries on an update but keeps old ones. */
export class StaleIndexEntry extends DelegatingStore {
  readonly #index = new Map<string, string>();
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const saved = await this.inner.saveToken(token, options);
    if (saved.userName) this.#index.set(`u:${saved.userName}`, saved.id);
    if (saved.accessToken) this.#index.set(`a:${saved.accessToken}`, saved.id);
    return saved;
  }
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    const key =
      typeof query.userName === 'string' && query.userName !== ''
        ? `u:${query.userName}`
        : typeof query.accessToken === 'string' && !query.clientId && !query.clientSecret
          ? `a:${query.accessToken}`
          : undefined;
    const id = key === undefined ? undefined : this.#index.get(key);
    if (id !== undefined) {
      const found = await this.inner.findTokenById(id);
      if (found) return found;
    }
    return this.inner.findToken(query);
  }
  override async deleteTokens(): Promise<void> {
    this.#index.clear();
    return this.inner.deleteTokens();
  }
}

/** deleteTokens deletes one batch (the store's page) and returns. */
export class DeletesOneBatch extends DelegatingStore {
  override async deleteTokens(): Promise<void> {
    for (const token of (await this.inner.getTokens()).slice(0, OWN_PAGE)) {
      await this.inner.deleteToken(token.id);
    }
  }
}

/**
 * deleteTokens only hides the tokens in this instance (a write-behind that is never flushed):
 * a reopened store sees them all again.
 */
export class ClearNotDurable extends DelegatingStore {
  readonly #hidden = new Set<string>();
  #visible = (token: StoredToken | null) => (token && !this.#hidden.has(token.id) ? token : null);
  override async deleteTokens(): Promise<void> {
    for (const token of await this.inner.getTokens()) this.#hidden.add(token.id);
  }
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    return this.#visible(await this.inner.findToken(query));
  }
  override async findTokenById(id: string): Promise<StoredToken | null> {
    return this.#visible(await this.inner.findTokenById(id));
  }
  override async getTokens(): Promise<StoredToken[]> {
    return (await this.inner.getTokens()).filter((token) => !this.#hidden.has(token.id));
  }
  override async *tokens(options?: TokensOptions): AsyncGenerator<StoredToken> {
    for await (const token of this.inner.tokens(options))
      if (!this.#hidden.has(token.id)) yield token;
  }
  override async deleteToken(id: string): Promise<boolean> {
    if (this.#hidden.has(id)) return false;
    return this.inner.deleteToken(id);
  }
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    // A hidden token that this save would hit is really removed first, so saves still work.
    const hit =
      typeof token?.id === 'string' && token.id !== ''
        ? await this.inner.findTokenById(token.id)
        : await this.inner.findToken(token);
    if (hit && this.#hidden.has(hit.id)) {
      await this.inner.deleteToken(hit.id);
      this.#hidden.delete(hit.id);
    }
    return this.inner.saveToken(token, options);
  }
}

/** saveToken writes the assigned id (and version) into the caller's object. */
export class WritesIntoCallersObject extends DelegatingStore {
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const saved = await this.inner.saveToken(token, options);
    if (typeof token === 'object' && token !== null) Object.assign(token, { id: saved.id });
    return saved;
  }
}

/**
 * Caches what it read, per instance: its own writes empty the cache, another instance's do not,
 * so a second instance (another app server) reads a token as it was.
 */
export class CachesReads extends DelegatingStore {
  readonly #cache = new Map<string, StoredToken>();
  #generation = 0;
  #closed = false;
  #forget(): void {
    this.#generation++;
    this.#cache.clear();
  }
  async #cached(key: string | undefined, read: () => Promise<StoredToken | null>) {
    if (key === undefined || this.#closed) return read();
    const hit = this.#cache.get(key);
    if (hit !== undefined) return structuredClone(hit);
    const generation = this.#generation;
    const found = await read();
    if (found !== null && generation === this.#generation) {
      this.#cache.set(key, structuredClone(found));
    }
    return found;
  }
  async #writing<T>(write: () => Promise<T>): Promise<T> {
    this.#forget();
    try {
      return await write();
    } finally {
      this.#forget();
    }
  }
  override findTokenById(id: string): Promise<StoredToken | null> {
    const key = typeof id === 'string' && id !== '' ? `id:${id}` : undefined;
    return this.#cached(key, () => this.inner.findTokenById(id));
  }
  override findToken(query: TokenInput): Promise<StoredToken | null> {
    let key: string | undefined;
    try {
      key = `q:${JSON.stringify(query)}`;
    } catch {
      key = undefined; // hostile input: core's error, not this cache's
    }
    return this.#cached(key, () => this.inner.findToken(query));
  }
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    return this.#writing(() => this.inner.saveToken(token, options));
  }
  override deleteToken(id: string): Promise<boolean> {
    return this.#writing(() => this.inner.deleteToken(id));
  }
  override deleteTokens(): Promise<void> {
    return this.#writing(() => this.inner.deleteTokens());
  }
  override close(): Promise<void> {
    this.#closed = true;
    this.#forget();
    return this.inner.close();
  }
}

/** `token.id`, or undefined when reading it throws (hostile input is core's to reject). */
function givenId(token: TokenInput): unknown {
  try {
    return (token as { id?: unknown }).id;
  } catch {
    return undefined;
  }
}

/**
 * Finds the token by the lookup key, then (after a round trip) writes it by id: a save without
 * an id that races another for one key is not atomic.
 */
async function findThenSaveById(
  inner: TokenStore,
  token: TokenInput,
  options?: SaveOptions,
): Promise<StoredToken> {
  const id = givenId(token);
  if (typeof id === 'string' && id !== '') return inner.saveToken(token, options);
  let copy: TokenInput;
  try {
    const existing = await inner.findToken(token);
    await tick();
    copy = { ...token, id: existing?.id ?? randomUUID() };
  } catch {
    return inner.saveToken(token, options);
  }
  return inner.saveToken(copy, options);
}

/**
 * Serialises its saves with a lock of its own around a find and a write by id: correct within
 * one instance, and two instances on one backend race.
 */
export class LocksPerInstance extends DelegatingStore {
  #queue: Promise<unknown> = Promise.resolve();
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const run = this.#queue.then(() => findThenSaveById(this.inner, token, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Saves by userName atomically (an upsert ON CONFLICT (user_name)), every other lookup rule by a
 * find and a write: concurrent saves of one accessToken or pair race.
 */
export class RaceSafeForUserNameOnly extends DelegatingStore {
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    let userName: unknown;
    try {
      userName = (token as { userName?: unknown }).userName;
    } catch {
      return this.inner.saveToken(token, options);
    }
    if (typeof userName === 'string' && userName !== '') {
      return this.inner.saveToken(token, options);
    }
    return findThenSaveById(this.inner, token, options);
  }
}

/** Keeps an `updatedAt` given on input (a `{ ...stored, ...input }` merge), across instances. */
export class TakesUpdatedAtFromInput extends DelegatingStore {
  /** What a namespace's tokens were given, by `${namespace} ${id}`: the data of every instance. */
  static readonly #given = new Map<string, number>();
  constructor(
    inner: TokenStore,
    readonly namespace: string,
  ) {
    super(inner);
  }
  #patch<T extends StoredToken | null>(token: T): T {
    if (token === null) return token;
    const at = TakesUpdatedAtFromInput.#given.get(`${this.namespace} ${token.id}`);
    return at === undefined ? token : ({ ...token, updatedAt: at } as T);
  }
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const saved = await this.inner.saveToken(token, options);
    const key = `${this.namespace} ${saved.id}`;
    let at: unknown;
    try {
      at = token.updatedAt;
    } catch {
      at = undefined; // hostile input that core read once already
    }
    if (typeof at === 'number') TakesUpdatedAtFromInput.#given.set(key, at);
    else TakesUpdatedAtFromInput.#given.delete(key);
    return this.#patch(saved);
  }
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    return this.#patch(await this.inner.findToken(query));
  }
  override async findTokenById(id: string): Promise<StoredToken | null> {
    return this.#patch(await this.inner.findTokenById(id));
  }
  override async getTokens(): Promise<StoredToken[]> {
    return (await this.inner.getTokens()).map((token) => this.#patch(token));
  }
  override async *tokens(options?: TokensOptions): AsyncGenerator<StoredToken> {
    for await (const token of this.inner.tokens(options)) yield this.#patch(token);
  }
}

export { tick };
