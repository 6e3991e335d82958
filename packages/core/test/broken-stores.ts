import { randomUUID } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { byNamespace, type ConformanceOptions } from '../src/conformance.js';
import {
  isTokenStoreError,
  type SaveOptions,
  type StoredToken,
  type TokenInput,
  type TokenStore,
  type TokensOptions,
} from '../src/index.js';
import {
  CachesReads,
  ClearNotDurable,
  CoarseTimestampCursor,
  CursorAfterFixedId,
  DeletesOneBatch,
  ListsOwnPageOnly,
  LocksPerInstance,
  OffsetPaging,
  RaceSafeForUserNameOnly,
  StaleIndexEntry,
  TakesUpdatedAtFromInput,
  WritesIntoCallersObject,
} from './broken-classes.js';
import { DelegatingStore } from './delegating-store.js';

/** A deliberately broken store, and the cases that must catch it (at least these). */
export interface BrokenStore {
  readonly defect: string;
  readonly options: ConformanceOptions;
  readonly caughtBy: readonly string[];
}

/** Conformance options for stores that wrap a correct memory store on a shared database. */
function wrapping(wrap: (inner: TokenStore, namespace: string) => TokenStore): ConformanceOptions {
  const database = new MemoryDatabase();
  return byNamespace((namespace) => wrap(new MemoryTokenStore({ database, namespace }), namespace));
}

class HandsOutReferences extends DelegatingStore {
  readonly #cache = new Map<string, StoredToken>();
  override async findTokenById(id: string): Promise<StoredToken | null> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const found = await this.inner.findTokenById(id);
    if (found) this.#cache.set(id, found);
    return found;
  }
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    const found = await this.inner.findToken(query);
    return found && this.findTokenById(found.id);
  }
}

class IgnoresExpectedVersion extends DelegatingStore {
  override saveToken(token: TokenInput): Promise<StoredToken> {
    return this.inner.saveToken(token);
  }
}

class LosesFields extends DelegatingStore {
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const { apiDomain: _dropped, ...kept } = token;
    return this.inner.saveToken(kept, options);
  }
}

function withEmptyStrings(token: StoredToken | null): StoredToken | null {
  return token && { clientSecret: '', redirectUrl: '', apiDomain: '', ...token };
}

class AbsentAsEmpty extends DelegatingStore {
  override async findTokenById(id: string): Promise<StoredToken | null> {
    return withEmptyStrings(await this.inner.findTokenById(id));
  }
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    return withEmptyStrings(await this.inner.findToken(query));
  }
}

class CoercesInput extends DelegatingStore {
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    if (typeof token !== 'object' || token === null) return this.inner.saveToken({}, options);
    const coerced = Object.fromEntries(
      Object.entries(token).map(([k, v]) => [k, k === 'expiresAt' || v == null ? v : String(v)]),
    );
    return this.inner.saveToken(coerced, options);
  }
}

class CaseInsensitive extends DelegatingStore {
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    if (typeof query.userName !== 'string') return this.inner.findToken(query);
    const wanted = query.userName.toLowerCase().trim();
    const all = await this.inner.getTokens();
    return all.find((token) => token.userName?.toLowerCase().trim() === wanted) ?? null;
  }
}

class AnyTokenWithoutKey extends DelegatingStore {
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    return (await this.inner.findToken(query)) ?? (await this.inner.getTokens())[0] ?? null;
  }
}

class SecretsInErrors extends DelegatingStore {
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    try {
      return await this.inner.saveToken(token, options);
    } catch (error) {
      (error as Error).message += ` while saving ${JSON.stringify(token)}`;
      throw error;
    }
  }
}

class CheckThenInsert extends DelegatingStore {
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    const existing = await this.inner.findToken(token);
    await tick();
    const id = existing?.id ?? randomUUID();
    return this.inner.saveToken({ ...token, id }, options);
  }
}

class IgnoresClose extends DelegatingStore {
  override async close(): Promise<void> {}
}

class ListsTwice extends DelegatingStore {
  override async *tokens(_options?: TokensOptions): AsyncGenerator<StoredToken> {
    const all = await this.inner.getTokens();
    yield* all;
    if (all.length > 1) yield all[0] as StoredToken;
  }
  override async getTokens(): Promise<StoredToken[]> {
    const all: StoredToken[] = [];
    for await (const token of this.tokens()) all.push(token);
    return all;
  }
}

class FrozenVersion extends DelegatingStore {
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    return { ...(await this.inner.saveToken(token, options)), version: 1 };
  }
}

/** `const id = token.id ?? newId()`: takes "" for a given id (here a new one of its own). */
class EmptyIdIsAnId extends DelegatingStore {
  override saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    let id: unknown;
    try {
      id = (token as { id?: unknown }).id;
    } catch {
      return this.inner.saveToken(token, options);
    }
    if (id !== '') return this.inner.saveToken(token, options);
    return this.inner.saveToken({ ...token, id: `given-${randomUUID()}` }, options);
  }
}

/** Awaits something of its own (a connection, a table set-up) before it reads its arguments. */
class ReadsInputLate extends DelegatingStore {
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    await tick();
    return this.inner.saveToken(token, options);
  }
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    await tick();
    return this.inner.findToken(query);
  }
}

/** Names the refresh or grant token it found taken in its DUPLICATE_KEY message. */
class NamesTakenPairValue extends DelegatingStore {
  override async saveToken(token: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    try {
      return await this.inner.saveToken(token, options);
    } catch (error) {
      if (isTokenStoreError(error, 'DUPLICATE_KEY')) {
        const kind = error.keyKind;
        if (kind === 'refreshToken' || kind === 'grantToken') {
          error.message += ` (${kind} ${JSON.stringify(token[kind])} is taken)`;
        }
      }
      throw error;
    }
  }
}

/** Names the query it could not run in its STORE_CLOSED message. */
class NamesQueryWhenClosed extends DelegatingStore {
  override async findToken(query: TokenInput): Promise<StoredToken | null> {
    try {
      return await this.inner.findToken(query);
    } catch (error) {
      if (isTokenStoreError(error, 'STORE_CLOSED')) {
        try {
          error.message += ` (query ${JSON.stringify(query)})`;
        } catch {
          // a query that cannot be shown is left out
        }
      }
      throw error;
    }
  }
}

/** Turns numbers and booleans in a query into strings; refuses only objects (through core). */
class CoercesQueryScalars extends DelegatingStore {
  override findToken(query: TokenInput): Promise<StoredToken | null> {
    let coerced: TokenInput;
    try {
      coerced = Object.fromEntries(
        Object.entries(query).map(([k, v]) => [
          k,
          (typeof v === 'number' && k !== 'expiresAt') || typeof v === 'boolean' ? String(v) : v,
        ]),
      );
    } catch {
      return this.inner.findToken(query);
    }
    return this.inner.findToken(coerced);
  }
}

/** Every store on one namespace: tokens leak between stores, deleteTokens clears them all. */
function sharedNamespace(): ConformanceOptions {
  const database = new MemoryDatabase();
  return {
    create: () => new MemoryTokenStore({ database, namespace: 'everyone' }),
    reopen: () => new MemoryTokenStore({ database, namespace: 'everyone' }),
  };
}

/** Forgets everything on close, yet says it persists. */
function forgetful(): ConformanceOptions {
  return { create: () => new MemoryTokenStore(), reopen: () => new MemoryTokenStore() };
}

export const brokenStores: readonly BrokenStore[] = [
  {
    defect: 'hands out references to its cached tokens',
    options: wrapping((inner) => new HandsOutReferences(inner)),
    caughtBy: ['copies › two reads return two distinct objects'],
  },
  {
    defect: 'ignores expectedVersion',
    options: wrapping((inner) => new IgnoresExpectedVersion(inner)),
    caughtBy: [
      'expectedVersion › a stale expectedVersion rejects with VERSION_CONFLICT and changes nothing',
    ],
  },
  {
    defect: 'loses a field',
    options: wrapping((inner) => new LosesFields(inner)),
    caughtBy: ['round trip › a full token round-trips through every read'],
  },
  {
    defect: 'returns "" for absent fields',
    options: wrapping((inner) => new AbsentAsEmpty(inner)),
    caughtBy: [
      'absent values › undefined, null and "" are stored as absent, never as "", "null", null or 0',
    ],
  },
  {
    defect: 'coerces wrong types to strings instead of rejecting them',
    options: wrapping((inner) => new CoercesInput(inner)),
    caughtBy: [
      'validation › a field of the wrong type is rejected with INVALID_TOKEN before any write',
    ],
  },
  {
    defect: 'matches userName case-insensitively (leaks between users)',
    options: wrapping((inner) => new CaseInsensitive(inner)),
    caughtBy: ['lookup › matching is exact and case-sensitive'],
  },
  {
    defect: 'returns some token for a query without a lookup key (leaks between users)',
    options: wrapping((inner) => new AnyTokenWithoutKey(inner)),
    caughtBy: ['lookup › rule 4: without a lookup key nothing is found and saves insert'],
  },
  {
    defect: 'puts the token, secrets included, into error messages',
    options: wrapping((inner) => new SecretsInErrors(inner)),
    caughtBy: ['secrets › error messages, stacks and inspected errors never show a secret'],
  },
  {
    defect: 'checks then inserts without atomicity (duplicates race)',
    options: wrapping((inner) => new CheckThenInsert(inner)),
    caughtBy: [
      'concurrency › concurrent saves of one key all resolve into one token whose version counts them',
    ],
  },
  {
    defect: 'keeps working after close',
    options: wrapping((inner) => new IgnoresClose(inner)),
    caughtBy: ['closed › a closed store rejects every call with STORE_CLOSED'],
  },
  {
    defect: 'lists a token twice',
    options: wrapping((inner) => new ListsTwice(inner)),
    caughtBy: ['listing › tokens() pages through every token exactly once'],
  },
  {
    defect: 'does not count versions',
    options: wrapping((inner) => new FrozenVersion(inner)),
    caughtBy: ['save › version counts every save'],
  },
  {
    defect: 'shares one namespace between stores',
    options: sharedNamespace(),
    caughtBy: ['isolation › deleteTokens on one store leaves the other intact'],
  },
  {
    defect: 'loses its data on reopen',
    options: forgetful(),
    caughtBy: ['persistence › saved tokens are there after reopening, with their versions'],
  },
  {
    defect: 'lists only its own first page of 100',
    options: wrapping((inner) => new ListsOwnPageOnly(inner)),
    caughtBy: [
      'listing › tokens() and getTokens() list more tokens than any page a store uses on its own',
    ],
  },
  {
    defect: 'pages by offset over the live table',
    options: wrapping((inner) => new OffsetPaging(inner)),
    caughtBy: [
      'listing › while tokens() runs, saves and deletes of other tokens never drop or repeat one',
    ],
  },
  {
    defect: 'pages by a one-second updatedAt cursor',
    options: wrapping((inner) => new CoarseTimestampCursor(inner)),
    caughtBy: [
      'listing › tokens() and getTokens() list more tokens than any page a store uses on its own',
    ],
  },
  {
    defect: "starts its cursor after a fixed id ('0')",
    options: wrapping((inner) => new CursorAfterFixedId(inner)),
    caughtBy: [
      'ids › ids that sort before any generated id are stored, found, listed and deleted like any other',
    ],
  },
  {
    defect: 'keeps an index entry after an update by id changes the key',
    options: wrapping((inner) => new StaleIndexEntry(inner)),
    caughtBy: ['save › an update by id that changes every key leaves no old key finding the token'],
  },
  {
    defect: 'deletes one batch in deleteTokens',
    options: wrapping((inner) => new DeletesOneBatch(inner)),
    caughtBy: ['delete › deleteTokens removes more tokens than any batch a store deletes at once'],
  },
  {
    defect: 'loses its deleteTokens on reopen',
    options: wrapping((inner) => new ClearNotDurable(inner)),
    caughtBy: ['persistence › deleteTokens of more than a batch holds across reopening'],
  },
  {
    defect: "writes the id into the caller's object",
    options: wrapping((inner) => new WritesIntoCallersObject(inner)),
    caughtBy: ['copies › saveToken leaves the caller’s object exactly as it was'],
  },
  {
    defect: 'caches what it read, per instance (another instance’s writes go unseen)',
    options: wrapping((inner) => new CachesReads(inner)),
    caughtBy: [
      'persistence › a write through one instance is what another instance reads next, even one that read it before',
    ],
  },
  {
    defect: 'serialises its saves with a lock of its own around a find and a write',
    options: wrapping((inner) => new LocksPerInstance(inner)),
    caughtBy: [
      'concurrency › concurrent saves of one key through two instances all resolve into one token whose version counts them',
    ],
  },
  {
    defect: 'saves atomically by userName only (other keys: a find and a write)',
    options: wrapping((inner) => new RaceSafeForUserNameOnly(inner)),
    caughtBy: [
      'concurrency › concurrent saves of one key all resolve into one token, whichever lookup rule finds it',
    ],
  },
  {
    defect: 'reads its arguments after an await of its own',
    options: wrapping((inner) => new ReadsInputLate(inner)),
    caughtBy: [
      'copies › changing the input before saveToken or findToken resolves changes neither what is saved nor what is found',
    ],
  },
  {
    defect: 'takes id "" on a save for a given id',
    options: wrapping((inner) => new EmptyIdIsAnId(inner)),
    caughtBy: ['ids › an id of "", null or undefined on a save is absent: the lookup key decides'],
  },
  {
    defect: 'keeps an updatedAt given on input',
    options: wrapping((inner, namespace) => new TakesUpdatedAtFromInput(inner, namespace)),
    caughtBy: [
      'absent values › an updatedAt on input is ignored: a stored updatedAt is the time of the save',
    ],
  },
  {
    defect: 'names the refresh or grant token it found taken in DUPLICATE_KEY',
    options: wrapping((inner) => new NamesTakenPairValue(inner)),
    caughtBy: ['secrets › no DUPLICATE_KEY error shows a secret, whichever unique value is taken'],
  },
  {
    defect: 'names the query in STORE_CLOSED',
    options: wrapping((inner) => new NamesQueryWhenClosed(inner)),
    caughtBy: ['secrets › no STORE_CLOSED error shows a secret, whichever call and lookup rule'],
  },
  {
    defect: 'coerces numbers and booleans in a query to strings (refuses only objects)',
    options: wrapping((inner) => new CoercesQueryScalars(inner)),
    caughtBy: [
      'validation › a query field of any wrong type is rejected with INVALID_TOKEN, whichever field it is',
    ],
  },
];
