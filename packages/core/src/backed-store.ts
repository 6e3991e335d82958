import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { CallOptions, RecordBackend, SyncRecordCalls } from './backend.js';
import type { Capabilities } from './capabilities.js';
import { DecodedRecords } from './decoded-records.js';
import { otherIndexKey } from './encryption/encrypted-codec.js';
import type { EncryptionOptions } from './encryption/encryption-options.js';
import { backendFailure } from './errors/backend-failure.js';
import { type DuplicateKeyKind, TokenStoreError, withContext } from './errors.js';
import {
  holdsKey,
  lookupKeyOf,
  type UniqueKey,
  type UniqueKeyKind,
  uniqueKeysOf,
} from './lookup-key.js';
import { mergeToken } from './merge.js';
import { pageReader, pageSizeOf } from './page-reader.js';
import { CONDITIONAL_DELETE } from './prune/conditional-delete.js';
import { asWritten, RecentRecords, recentName } from './recent-records.js';
import type { RecordData, TokenRecord, WriteResult } from './record.js';
import type { PreviousKeys, RecordCodec, RecordFields } from './record-codec.js';
import { saveRetryBackoff } from './retry.js';
import type { DeleteOptions, SaveOptions, TokenStore, TokensOptions } from './store.js';
import { storeSettings } from './store-options.js';
import { CallDeadlines } from './timeout.js';
import { type StoredToken, TOKEN_VALUE_FIELDS, type TokenInput } from './token.js';
import { operationChannels } from './tracing/channels.js';
import { keyKindOf } from './tracing/key-kind.js';
import { traceIteration } from './tracing/trace-iteration.js';
import { type OperationTrace, traceOperation } from './tracing/trace-operation.js';
import {
  type NormalizedToken,
  normalizeExpectedVersion,
  normalizeId,
  normalizeOptions,
  normalizeToken,
} from './validate.js';

/** Options every store built on a {@link RecordBackend} accepts. */
export interface BackedTokenStoreOptions {
  /**
   * Longest wait for one backend call before it rejects with `STORE_UNAVAILABLE`, in
   * milliseconds; 0 waits forever. Default 10 000.
   */
  operationTimeoutMs?: number;
  /**
   * How many times a save that keeps losing races with concurrent writers of the same token is
   * tried before it rejects with `STORE_UNAVAILABLE`. Default 100.
   */
  maxSaveAttempts?: number;
  /**
   * Encrypt secrets at rest (AES-256-GCM) and look tokens up through a keyed blind index.
   * Off by default. See {@link EncryptionOptions}.
   */
  encryption?: EncryptionOptions;
}

/** What {@link BackedTokenStore.reencrypt} did. */
export interface ReencryptResult {
  /** Records read. */
  scanned: number;
  /** Records rewritten under the current key (and the blind index). */
  rewritten: number;
  /** Records left alone because a concurrent save rewrote them first. */
  skipped: number;
  /**
   * True when the backend then removed what it kept of the records' old versions (see
   * {@link BackedTokenStore.compact}); false when nothing was rewritten, `compact: false` was
   * given, or the backend has no such step.
   */
  compacted: boolean;
}

/** Options of {@link BackedTokenStore.reencrypt}. */
export interface ReencryptOptions extends TokensOptions {
  /**
   * After rewriting records, compact the backend so that their old (plaintext, or older-key)
   * versions do not stay in its files ({@link BackedTokenStore.compact}). Default true.
   */
  compact?: boolean;
}

const DEFAULT_PAGE_SIZE = 100;
const INDEX_CHECK_PAGE_SIZE = 16;
const SAVE_OPTIONS = ['expectedVersion'] as const;
/** The index key check of a store that passed it, or needs none. */
const DONE: Promise<void> = Promise.resolve();

/** `found`: the version the save found, undefined when none (or it changed meanwhile). */
function versionConflict(
  operation: 'saveToken' | 'deleteToken',
  expected: number,
  found: number | undefined,
): TokenStoreError {
  return new TokenStoreError(
    'VERSION_CONFLICT',
    expected === 0
      ? `${operation}: a token with this key already exists (expectedVersion 0)`
      : `${operation}: the stored version is not ${expected}`,
    { operation, expectedVersion: expected, foundVersion: found },
  );
}

function duplicateKey(key: DuplicateKeyKind | undefined): TokenStoreError {
  const what = key === undefined ? 'a unique value' : `its ${key}`;
  return new TokenStoreError(
    'DUPLICATE_KEY',
    `saveToken: another token already has ${what}; nothing was changed`,
    { operation: 'saveToken', keyKind: key },
  );
}

/** A stored record and the token decoded from it. */
interface Found {
  readonly record: TokenRecord;
  readonly token: StoredToken;
}

function hasTokenValue(token: NormalizedToken): boolean {
  return TOKEN_VALUE_FIELDS.some((field) => token[field] !== undefined);
}

function needsTokenValue(): TokenStoreError {
  return new TokenStoreError(
    'INVALID_TOKEN',
    'saveToken: a new token needs an accessToken, refreshToken or grantToken',
    { operation: 'saveToken' },
  );
}

/** A save as the caller asked for it, each argument read once. */
interface SaveRequest {
  readonly token: NormalizedToken;
  readonly expected: number | undefined;
  readonly lookup: UniqueKey | undefined;
}

/**
 * The complete {@link TokenStore} contract on top of a {@link RecordBackend}. Adapters extend or
 * wrap it and supply only storage; every rule of the contract lives here.
 */
export class BackedTokenStore implements TokenStore {
  readonly #backend: RecordBackend;
  readonly #deadlines: CallDeadlines;
  readonly #maxSaveAttempts: number;
  readonly #codec: RecordCodec;
  #closed = false;
  /** Only for backends whose reads are round trips: see `RecordBackend.remote`. */
  readonly #recent: RecentRecords | undefined;
  #indexKeyChecked: Promise<void> | undefined;
  /**
   * The backend's synchronous calls, when it has them and the codec works synchronously too:
   * reads and writes then skip the promise hops and the deadline list (see `SyncRecordCalls`).
   */
  readonly #sync: SyncRecordCalls | undefined;
  /**
   * With the plain codec (the one that decodes synchronously): the tokens of records read or
   * written before, so that reading an unchanged record again does not parse it again.
   */
  readonly #decoded: DecodedRecords | undefined;
  /**
   * With {@link #sync}: finds read records without their keys (`findDataByKey`, `getData`),
   * which only a save needs; not where a find's record is kept for the next save (remote).
   */
  readonly #findsData: boolean;
  readonly #getsData: boolean;
  /** The backend's description for tracing: only computed when somebody subscribes. */
  readonly #describe = (): string => this.#backend.describe();

  constructor(backend: RecordBackend, options: BackedTokenStoreOptions = {}) {
    this.#backend = backend;
    this.#recent =
      backend.remote !== true
        ? undefined
        : new RecentRecords(backend.staleReportsCurrent === true ? Infinity : undefined);
    const settings = storeSettings(options);
    this.#deadlines = new CallDeadlines(settings.operationTimeoutMs, (error, operation) =>
      backendFailure(error, operation, this.#describe),
    );
    this.#maxSaveAttempts = settings.maxSaveAttempts;
    this.#codec = settings.codec;
    const sync = backend.sync;
    this.#sync =
      sync !== undefined && this.#codec.decodeNow !== undefined && this.#codec.encodeNow
        ? sync
        : undefined;
    // The synchronous codec is the plain one: an encrypted store never keeps decrypted tokens.
    this.#decoded = this.#codec.decodeNow === undefined ? undefined : new DecodedRecords();
    const dataReads = this.#sync !== undefined && this.#recent === undefined;
    this.#findsData = dataReads && typeof this.#sync?.findDataByKey === 'function';
    this.#getsData = dataReads && typeof this.#sync?.getData === 'function';
  }

  findToken(query: TokenInput): Promise<StoredToken | null> {
    // Untraced, on a backend that answers synchronously: one settled promise, nothing else.
    if (this.#sync !== undefined && !operationChannels.findToken.hasSubscribers) {
      try {
        const found = this.#findTokenNow(query);
        if (found !== undefined) return Promise.resolve(found);
      } catch (error) {
        return Promise.reject(withContext(error, 'findToken', this.#describe));
      }
    }
    return traceOperation(
      'findToken',
      this.#describe,
      () => keyKindOf(query, false),
      () => this.#withContext('findToken', this.#findToken(query)),
      (found) => (found === null ? 'miss' : 'hit'),
    );
  }

  /** {@link findToken} done synchronously; undefined when the backend cannot answer now. */
  #findTokenNow(query: TokenInput): StoredToken | null | undefined {
    this.#assertOpen('findToken');
    const key = lookupKeyOf(normalizeToken(query));
    if (key === undefined) return null;
    const digests = this.#codec.digests(key);
    if (this.#findsData) return this.#findDataNow(key, digests);
    const found = this.#findByKeyNow('findToken', key, digests);
    return found === undefined || found === null ? found : found.token;
  }

  /**
   * The token holding `key`, through the backend's `findDataByKey` (a find needs no record
   * keys); undefined without a synchronous answer. As {@link #findByKeyNow}: only a record that
   * really holds the key counts.
   */
  #findDataNow(key: UniqueKey, digests: readonly string[]): StoredToken | null | undefined {
    const sync = this.#sync as SyncRecordCalls;
    for (const digest of digests) {
      let record: RecordData | null | undefined;
      try {
        record = sync.findDataByKey?.(key.kind, digest);
      } catch (error) {
        throw backendFailure(error, 'findToken', this.#describe);
      }
      if (record === undefined) return undefined;
      if (record === null) continue;
      const token = this.#decodeNow(record);
      if (holdsKey(token, key)) return token;
    }
    return null;
  }

  async #findToken(query: TokenInput): Promise<StoredToken | null> {
    this.#assertOpen('findToken');
    const key = lookupKeyOf(normalizeToken(query));
    if (key === undefined) return null;
    const found = await this.#findByKey('findToken', key);
    return found === null ? null : found.token;
  }

  findTokenById(id: string): Promise<StoredToken | null> {
    if (this.#sync !== undefined && !operationChannels.findTokenById.hasSubscribers) {
      try {
        const found = this.#findTokenByIdNow(id);
        if (found !== undefined) return Promise.resolve(found);
      } catch (error) {
        return Promise.reject(withContext(error, 'findTokenById', this.#describe));
      }
    }
    return traceOperation(
      'findTokenById',
      this.#describe,
      () => 'id',
      () => this.#withContext('findTokenById', this.#findTokenById(id)),
      (found) => (found === null ? 'miss' : 'hit'),
    );
  }

  /** {@link findTokenById} done synchronously; undefined when the backend cannot answer now. */
  #findTokenByIdNow(id: string): StoredToken | null | undefined {
    this.#assertOpen('findTokenById');
    const wanted = normalizeId(id);
    if (wanted === undefined) return null;
    if (this.#getsData) {
      let data: RecordData | null | undefined;
      try {
        data = this.#sync?.getData?.(wanted);
      } catch (error) {
        throw backendFailure(error, 'findTokenById', this.#describe);
      }
      if (data === undefined || data === null) return data;
      return data.id === wanted ? this.#decodeNow(data) : null;
    }
    const record = this.#getNow('findTokenById', wanted);
    if (record === undefined || record === null) return record;
    if (record.id !== wanted) return null;
    this.#keep(record, this.#recent?.mark(), `#${wanted}`);
    return this.#decodeNow(record);
  }

  async #findTokenById(id: string): Promise<StoredToken | null> {
    this.#assertOpen('findTokenById');
    const wanted = normalizeId(id);
    if (wanted === undefined) return null;
    const since = this.#recent?.mark();
    const record = await this.#call('findTokenById', (call) => this.#backend.get(wanted, call));
    if (record === null || record.id !== wanted) return null;
    this.#keep(record, since, `#${wanted}`);
    return this.#decode(record);
  }

  saveToken(input: TokenInput, options?: SaveOptions): Promise<StoredToken> {
    // Untraced, on a backend that answers synchronously: a save that its first attempt settles
    // is one settled promise; anything else goes on asynchronously from the same request.
    if (this.#sync !== undefined && !operationChannels.saveToken.hasSubscribers) {
      let request: SaveRequest;
      try {
        request = this.#saveRequest(input, options);
        const saved = this.#saveTokenNow(request);
        if (saved !== undefined) return Promise.resolve(saved);
      } catch (error) {
        return Promise.reject(withContext(error, 'saveToken', this.#describe));
      }
      return this.#withContext('saveToken', this.#saveToken(request, undefined));
    }
    return traceOperation(
      'saveToken',
      this.#describe,
      () => keyKindOf(input, true),
      (trace) => this.#withContext('saveToken', this.#saveRequested(input, options, trace)),
      (saved) => (saved.version === 1 ? 'inserted' : 'updated'),
    );
  }

  /** The caller's token and options, each read once (see `normalizeToken`). */
  #saveRequest(input: TokenInput, options: SaveOptions | undefined): SaveRequest {
    this.#assertOpen('saveToken');
    const token = normalizeToken(input);
    const { expectedVersion } = normalizeOptions(options, SAVE_OPTIONS, 'saveToken');
    const expected = normalizeExpectedVersion(expectedVersion);
    const lookup = token.id === undefined ? lookupKeyOf(token) : undefined;
    return { token, expected, lookup };
  }

  async #saveRequested(
    input: TokenInput,
    options: SaveOptions | undefined,
    trace: OperationTrace,
  ): Promise<StoredToken> {
    return this.#saveToken(this.#saveRequest(input, options), trace);
  }

  /**
   * {@link saveToken}'s first attempt done synchronously, through the backend's synchronous
   * calls. Undefined, with nothing written, when the asynchronous path must take over: this
   * store's first save (it checks the index key), a write that lost a race (retried with
   * backoff), a backend that cannot answer now. Throws what the first attempt would reject with.
   */
  #saveTokenNow(request: SaveRequest): StoredToken | undefined {
    if (this.#indexKeyChecked !== DONE || this.#recent !== undefined) return undefined;
    const { token, expected, lookup } = request;
    let found: Found | null | undefined = null;
    if (token.id !== undefined) {
      const record = this.#getNow('saveToken', token.id);
      found =
        record === undefined || record === null
          ? record
          : { record, token: this.#decodeNow(record) };
    } else if (lookup !== undefined) {
      found = this.#findByKeyNow('saveToken', lookup, this.#codec.digests(lookup));
    }
    if (found === undefined) return undefined;
    if (found !== null) {
      const current = found.record;
      if (expected !== undefined && expected !== current.version) {
        throw versionConflict('saveToken', expected, current.version);
      }
      const merged = mergeToken(found.token, token, Date.now());
      const previous = { token: found.token, keys: current.keys };
      const next = this.#encodeNow(merged, current.version + 1, previous);
      const result = this.#writeNow(next, current);
      if (result === undefined) return undefined;
      if (result.status === 'ok') return this.#wrote(next, result, undefined, undefined, merged);
      if (result.status === 'duplicate') throw duplicateKey(result.key);
      if (expected !== undefined) throw versionConflict('saveToken', expected, undefined);
      return undefined; // stale: the asynchronous path reads the winner and merges onto it
    }
    if (expected !== undefined && expected !== 0) {
      throw versionConflict('saveToken', expected, undefined);
    }
    if (!hasTokenValue(token)) throw needsTokenValue();
    const fresh = mergeToken({ id: token.id ?? randomUUID() }, token, Date.now());
    const next = this.#encodeNow(fresh, 1);
    const result = this.#writeNow(next, undefined);
    // Not written (an insert race for this token, or another token's key): the asynchronous
    // path finds out which, as after its own insert.
    return result?.status === 'ok'
      ? this.#wrote(next, result, undefined, undefined, fresh)
      : undefined;
  }

  async #saveToken(request: SaveRequest, trace: OperationTrace): Promise<StoredToken> {
    const { token, expected, lookup } = request;
    if (this.#indexKeyChecked !== DONE) await this.#assertIndexKey('saveToken');
    const digests = lookup === undefined ? undefined : this.#codec.digests(lookup);
    const name = recentName(token.id, lookup?.kind, digests?.[0]);

    // A record this store just read or wrote (the find before a refresh) saves the read: the
    // write is a compare-and-set, and a guess that turned out stale falls through to a read (or
    // to the record the stale write reported, on a backend that reports it).
    const guess = this.#recent?.get(name);
    let lost = 0; // writes that lost a race (a stale guess is one)
    // The record a stale write reported as stored now: the next attempt starts from it.
    let reported: Found | undefined;
    if (guess !== undefined && (expected === undefined || expected === guess.version)) {
      const found = { record: guess, token: await this.#decode(guess) };
      if (lookup === undefined || holdsKey(found.token, lookup)) {
        const { result, saved } = await this.#replaceOnto(found, token, name);
        if (saved !== undefined) return saved;
        if (result.status === 'stale') {
          lost = 1; // and #replaceOnto forgot the record
          reported = await this.#reportedCurrent(result, lookup);
        }
      }
      this.#recent?.forget(name);
    }

    for (let attempt = 0; attempt < this.#maxSaveAttempts; attempt++) {
      if (trace !== undefined) trace.retries = attempt + lost;
      if (attempt > 0) await saveRetryBackoff(attempt);
      const found = reported ?? (await this.#resolve(token.id, lookup, digests));
      reported = undefined;
      if (found !== null) {
        if (expected !== undefined && expected !== found.record.version) {
          throw versionConflict('saveToken', expected, found.record.version);
        }
        const { result, saved } = await this.#replaceOnto(found, token, name);
        if (saved !== undefined) return saved;
        if (result.status === 'duplicate') throw duplicateKey(result.key);
        if (expected !== undefined) throw versionConflict('saveToken', expected, undefined);
        // Stale: another writer got there first; merge onto its result.
        reported = await this.#reportedCurrent(result, lookup);
        continue;
      }

      if (expected !== undefined && expected !== 0) {
        throw versionConflict('saveToken', expected, undefined);
      }
      if (!hasTokenValue(token)) throw needsTokenValue();
      const fresh = mergeToken({ id: token.id ?? randomUUID() }, token, Date.now());
      if (this.#codec.hasLegacyDigests) await this.#assertFreeUnderOldDigests(fresh);
      const next = this.#codec.encodeNow?.(fresh, 1) ?? (await this.#codec.encode(fresh, 1));
      const since = this.#recent?.mark();
      const result =
        this.#writeNow(next, undefined) ??
        (await this.#call('saveToken', (call) => this.#backend.insert(next, call)));
      if (result.status === 'ok') return this.#wrote(next, result, since, name, fresh);
      // Lost an insert race for this very token (then update it), or hit another token's key.
      const winner = await this.#resolve(token.id, lookup);
      if (winner !== null) {
        if (expected !== undefined)
          throw versionConflict('saveToken', expected, winner.record.version);
        continue;
      }
      // The winner may be gone already (deleted before our re-read): only a value another token
      // holds now is a duplicate; otherwise nothing stands in the way and the insert is retried.
      const held = await this.#heldByAnother(fresh, lookup);
      if (held !== undefined) throw duplicateKey(held);
    }
    const reason = `still contended after ${this.#maxSaveAttempts} attempts`;
    throw new TokenStoreError(
      'STORE_UNAVAILABLE',
      `saveToken on ${this.#describe()}: ${reason}; retrying may work`,
      { operation: 'saveToken', store: this.#describe(), reason },
    );
  }

  /**
   * Removes the token with this id; true if there was one. With `expectedVersion`, only if the
   * stored version is that one, else `VERSION_CONFLICT` (atomic where the backend has
   * `deleteIfVersion`, else a read and a delete).
   */
  deleteToken(id: string, options: DeleteOptions = {}): Promise<boolean> {
    return traceOperation(
      'deleteToken',
      this.#describe,
      () => 'id',
      () => this.#withContext('deleteToken', this.#deleteToken(id, options)),
      (deleted) => (deleted ? 'hit' : 'miss'),
    );
  }

  async #deleteToken(id: string, options: DeleteOptions): Promise<boolean> {
    this.#assertOpen('deleteToken');
    const wanted = normalizeId(id);
    const expected = normalizeExpectedVersion(options.expectedVersion);
    if (wanted === undefined) return false;
    // Every record kept of this id goes, under its id and under the keys it was found by: the
    // token may be saved again under its id at version 1 with the same keys, and a save must
    // not start from the old one then. Again afterwards, for what was read meanwhile.
    const recent = this.#recent;
    recent?.deleted(wanted);
    try {
      if (expected !== undefined) return await this.#deleteIfVersion(wanted, expected);
      return await this.#call('deleteToken', (call) => this.#backend.delete(wanted, call));
    } finally {
      recent?.deleted(wanted);
    }
  }

  async #deleteIfVersion(id: string, expected: number): Promise<boolean> {
    const backend = this.#backend;
    const deleteIfVersion = backend.deleteIfVersion?.bind(backend);
    let outcome: 'deleted' | 'stale' | 'absent';
    let found: number | undefined;
    if (deleteIfVersion !== undefined) {
      outcome = await this.#call('deleteToken', (call) => deleteIfVersion(id, expected, call));
    } else {
      // Not atomic: a save between the read and the delete is lost. Backends close the window
      // with deleteIfVersion.
      const record = await this.#call('deleteToken', (call) => backend.get(id, call));
      if (record === null) outcome = 'absent';
      else if (record.version !== expected) {
        outcome = 'stale';
        found = record.version;
      } else {
        outcome = (await this.#call('deleteToken', (call) => backend.delete(id, call)))
          ? 'deleted'
          : 'absent';
      }
    }
    if (outcome === 'stale') throw versionConflict('deleteToken', expected, found);
    return outcome === 'deleted';
  }

  getTokens(): Promise<StoredToken[]> {
    return traceOperation(
      'getTokens',
      this.#describe,
      () => undefined,
      async (trace) => {
        const all: StoredToken[] = [];
        for await (const token of this.tokens()) all.push(token);
        if (trace !== undefined) trace.count = all.length;
        return all;
      },
      () => 'ok',
    );
  }

  tokens(options?: TokensOptions): AsyncGenerator<StoredToken, void, undefined> {
    if (!operationChannels.tokens.hasSubscribers) return this.#tokens(options);
    return traceIteration(this.#describe, this.#tokens(options));
  }

  async *#tokens(options: TokensOptions | undefined): AsyncGenerator<StoredToken, void, undefined> {
    let size: number;
    try {
      this.#assertOpen('tokens');
      const { pageSize } = normalizeOptions(options, ['pageSize'], 'tokens');
      size = pageSizeOf(pageSize, DEFAULT_PAGE_SIZE, 'tokens');
    } catch (error) {
      throw withContext(error, 'tokens', this.#describe);
    }
    const pages = pageReader(this.#backend.scan(size));
    try {
      for (;;) {
        const page = await this.#call('tokens', () => pages.next());
        if (page.done) return;
        // Not through DecodedRecords: a scan would push out what finds read again.
        for (const record of page.value) {
          yield this.#codec.decodeNow?.(record) ?? (await this.#codec.decode(record));
        }
      }
    } catch (error) {
      throw withContext(error, 'tokens', this.#describe);
    } finally {
      await pages.close();
    }
  }

  deleteTokens(): Promise<void> {
    return traceOperation(
      'deleteTokens',
      this.#describe,
      () => undefined,
      () => this.#withContext('deleteTokens', this.#deleteTokens()),
      () => 'ok',
    );
  }

  async #deleteTokens(): Promise<void> {
    this.#assertOpen('deleteTokens');
    this.#recent?.clear();
    try {
      await this.#call('deleteTokens', (call) => this.#backend.clear(call));
    } finally {
      this.#recent?.clear(); // and what was read or written while the clear ran
    }
  }

  close(): Promise<void> {
    return traceOperation(
      'close',
      this.#describe,
      () => undefined,
      () => this.#withContext('close', this.#close()),
      () => 'ok',
    );
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#backend.close();
    } catch (error) {
      throw backendFailure(error, 'close', this.#describe);
    }
  }

  /**
   * A health check for an app's readiness probe: resolves when the backend answers; rejects with
   * `STORE_UNAVAILABLE` when it cannot be reached or does not answer within
   * `operationTimeoutMs`, and with `STORE_CLOSED` once the store is closed. Reads no token.
   */
  ping(): Promise<void> {
    return traceOperation(
      'ping',
      this.#describe,
      () => undefined,
      () => this.#withContext('ping', this.#ping()),
      () => 'ok',
    );
  }

  async #ping(): Promise<void> {
    this.#assertOpen('ping');
    const backend = this.#backend;
    await this.#call('ping', async () => {
      if (backend.ping !== undefined) await backend.ping();
      else await backend.get(randomUUID());
    });
  }

  /**
   * Rewrites every record that is not in the current form (sealed under an older key, or
   * plaintext from before encryption was turned on) under the current key and the blind index,
   * streaming through the store page by page. Each rewrite is a save: the version goes up by
   * one. Safe to run while the store is in use, and to run again. Afterwards, keys no record
   * uses any more can be removed from the configuration.
   */
  reencrypt(options: ReencryptOptions = {}): Promise<ReencryptResult> {
    return traceOperation(
      'reencrypt',
      this.#describe,
      () => undefined,
      async (trace) => {
        const result = await this.#withContext('reencrypt', this.#reencrypt(options));
        if (trace !== undefined) trace.count = result.scanned;
        return result;
      },
      () => 'ok',
    );
  }

  async #reencrypt(options: ReencryptOptions): Promise<ReencryptResult> {
    this.#assertOpen('reencrypt');
    if (this.#indexKeyChecked !== DONE) await this.#assertIndexKey('reencrypt');
    const result: ReencryptResult = { scanned: 0, rewritten: 0, skipped: 0, compacted: false };
    const pageSize = pageSizeOf(options.pageSize, DEFAULT_PAGE_SIZE, 'reencrypt');
    const pages = pageReader(this.#backend.scan(pageSize));
    try {
      for (;;) {
        const page = await this.#call('reencrypt', () => pages.next());
        if (page.done) break;
        for (const record of page.value) {
          result.scanned++;
          if (!this.#codec.isOutdated(record)) continue;
          const { version, ...token } = await this.#codec.decode(record);
          const next = await this.#codec.encode(token, version + 1);
          const written = await this.#call('reencrypt', (call) =>
            this.#backend.replace(next, record, call),
          );
          if (written.status === 'ok') result.rewritten++;
          else result.skipped++;
        }
      }
    } finally {
      await pages.close();
    }
    if (result.rewritten > 0 && options.compact !== false) result.compacted = await this.compact();
    return result;
  }

  /**
   * Asks the backend to remove what it keeps of records' old versions (free pages, append-only
   * files, storage files, older versions; see `RecordBackend.compact` and each store's README),
   * so that secrets overwritten by `reencrypt()` do not stay at rest. `reencrypt()` calls it
   * when it rewrote something. May be slow: it runs without `operationTimeoutMs`. Resolves
   * false when the backend has no such step.
   */
  async compact(): Promise<boolean> {
    this.#assertOpen('compact');
    const compact = this.#backend.compact?.bind(this.#backend);
    if (compact === undefined) return false;
    try {
      await compact();
    } catch (error) {
      throw backendFailure(error, 'compact', this.#describe);
    }
    return true;
  }

  /**
   * What the backend declares it lacks (see {@link Capabilities}); `{}` when it lacks nothing.
   * The conformance suite and `tokenstore check` read this instead of restating it.
   */
  async capabilities(): Promise<Capabilities> {
    return (await this.#backend.capabilities?.()) ?? {};
  }

  /** Shows the backend's description and state, never a token or a client's internals. */
  [inspect.custom](): string {
    return `${this.constructor.name} { ${this.#backend.describe()}${this.#closed ? ', closed' : ''} }`;
  }

  /** The stored record a save is about, decoded once, or null. */
  async #resolve(
    id: string | undefined,
    lookup: UniqueKey | undefined,
    digests?: readonly string[],
  ): Promise<Found | null> {
    if (id !== undefined) {
      const now = this.#getNow('saveToken', id);
      if (now !== undefined)
        return now === null ? null : { record: now, token: this.#decodeNow(now) };
      const record = await this.#call('saveToken', (call) => this.#backend.get(id, call));
      return record === null ? null : { record, token: await this.#decode(record) };
    }
    return lookup === undefined ? null : this.#findByKey('saveToken', lookup, digests);
  }

  /**
   * The record a `stale` write reported as stored now, decoded, when a save can start from it:
   * it is there, and holds the save's lookup key (else the key may have moved to another
   * record, which only a lookup finds). Undefined: read the backend instead.
   */
  async #reportedCurrent(
    result: WriteResult,
    lookup: UniqueKey | undefined,
  ): Promise<Found | undefined> {
    const current = result.status === 'stale' ? result.current : undefined;
    if (current === undefined || current === null) return undefined;
    const found = { record: current, token: await this.#decode(current) };
    return lookup === undefined || holdsKey(found.token, lookup) ? found : undefined;
  }

  /**
   * Merges `token` onto the stored one and writes it with a compare-and-set on the version it
   * was read at. The keys the update leaves alone keep their digests (a refresh hashes one key).
   */
  async #replaceOnto(
    found: Found,
    token: NormalizedToken,
    name: string | undefined,
  ): Promise<{ result: WriteResult; saved: StoredToken | undefined }> {
    const current = found.record;
    const merged = mergeToken(found.token, token, Date.now());
    if (this.#codec.hasLegacyDigests) await this.#assertFreeUnderOldDigests(merged);
    const previous = { token: found.token, keys: current.keys };
    const version = current.version + 1;
    const next =
      this.#codec.encodeNow?.(merged, version, previous) ??
      (await this.#codec.encode(merged, version, previous));
    const since = this.#recent?.mark();
    const result =
      this.#writeNow(next, current) ??
      (await this.#call('saveToken', (call) => this.#backend.replace(next, current, call)));
    if (result.status === 'ok')
      return { result, saved: this.#wrote(next, result, since, name, merged) };
    // Stale: whatever is kept of this id (under any name) is older than what is stored.
    if (result.status === 'stale') this.#recent?.forgetId(current.id);
    return { result, saved: undefined };
  }

  /**
   * After a write of `next` from `fields`: the stored token to hand back (`fields` itself, with
   * the record's version), with the record kept for the next save (remote backends: `since` is
   * the store's mark from before the write) and its token for the next read (in-process ones).
   */
  #wrote(
    next: TokenRecord,
    result: WriteResult,
    since: number | undefined,
    name: string | undefined,
    fields: RecordFields,
  ): StoredToken {
    // Set only now: the codec has encoded `fields`, and a version must not be among them.
    const saved = fields as StoredToken;
    saved.version = next.version;
    if (this.#recent !== undefined) this.#keep(asWritten(next, result), since, `#${next.id}`, name);
    this.#decoded?.remember(next, saved);
    return saved;
  }

  /**
   * Keeps `record` for the next save (remote backends), unless a delete or clear came since
   * `since`, the mark taken before the call that read or wrote it (see `RecentRecords.mark`).
   */
  #keep(record: TokenRecord, since: number | undefined, name: string, other?: string): void {
    if (since !== undefined) this.#recent?.remember(record, since, name, other);
  }

  /**
   * The record holding `key`, trying each digest the codec may have written (the current one
   * first). A backend whose index lags behind its records may point at a token that moved on:
   * only a record that really holds the key counts.
   */
  async #findByKey(
    operation: string,
    key: UniqueKey,
    digests: readonly string[] = this.#codec.digests(key),
  ): Promise<Found | null> {
    const now = this.#findByKeyNow(operation, key, digests);
    if (now !== undefined) return now;
    const since = this.#recent?.mark();
    for (const digest of digests) {
      const record = await this.#call(operation, (call) =>
        this.#backend.findByKey(key.kind, digest, call),
      );
      if (record === null) continue;
      const token = await this.#decode(record);
      if (holdsKey(token, key)) {
        this.#keep(record, since, `${key.kind}:${digest}`);
        return { record, token };
      }
    }
    return null;
  }

  /**
   * While records written under an older digest (plaintext ones being migrated) remain, the
   * backend's unique index cannot see them: check those digests before a write. This check is
   * not atomic with the write; `reencrypt()` ends the window.
   */
  async #assertFreeUnderOldDigests(token: NormalizedToken & { id: string }): Promise<void> {
    if (!this.#codec.hasLegacyDigests) return; // nothing to hash on the plain path
    for (const key of uniqueKeysOf(token)) {
      for (const digest of this.#codec.digests(key).slice(1)) {
        const record = await this.#call('saveToken', (call) =>
          this.#backend.findByKey(key.kind, digest, call),
        );
        if (record === null || record.id === token.id) continue;
        if (holdsKey(await this.#codec.decode(record), key)) throw duplicateKey(key.kind);
      }
    }
  }

  /**
   * The kind of a unique key of `token` that another stored token holds now, if any. The lookup
   * key is not one: a token that holds it is the one to update, which the next attempt does.
   */
  async #heldByAnother(
    token: NormalizedToken & { id: string },
    lookup: UniqueKey | undefined,
  ): Promise<UniqueKeyKind | undefined> {
    for (const key of uniqueKeysOf(token)) {
      if (key.kind === lookup?.kind) continue;
      const found = await this.#findByKey('saveToken', key);
      if (found !== null && found.record.id !== token.id) return key.kind;
    }
    return undefined;
  }

  /**
   * Before this instance's first write: with another `encryption.indexKey` than its records were
   * written with, a store would miss every lookup and insert duplicates. One page of records is
   * looked at; a sealed record from another index key refuses the write.
   */
  #assertIndexKey(operation: string): Promise<void> {
    const codec = this.#codec;
    if (codec.indexedHere === undefined) this.#indexKeyChecked = DONE;
    if (this.#indexKeyChecked === undefined) {
      const check = (async () => {
        const pages = pageReader(this.#backend.scan(INDEX_CHECK_PAGE_SIZE));
        try {
          const page = await this.#call(operation, () => pages.next());
          for (const record of page.done ? [] : page.value) {
            const here = codec.indexedHere?.(record);
            if (here === false) throw otherIndexKey(record.id);
            if (here === true) return;
          }
        } finally {
          await pages.close();
        }
      })();
      this.#indexKeyChecked = check;
      // A look that failed (or found a mismatch) is made again on the next write.
      check.then(
        () => {
          this.#indexKeyChecked = DONE;
        },
        () => {
          this.#indexKeyChecked = undefined;
        },
      );
    }
    return this.#indexKeyChecked as Promise<void>;
  }

  /** {@link #findByKey} done synchronously; undefined without a synchronous answer. */
  #findByKeyNow(
    operation: string,
    key: UniqueKey,
    digests: readonly string[],
  ): Found | null | undefined {
    const sync = this.#sync;
    if (sync === undefined) return undefined;
    for (const digest of digests) {
      this.#assertOpen(operation);
      let record: TokenRecord | null | undefined;
      try {
        record = sync.findByKey(key.kind, digest);
      } catch (error) {
        throw backendFailure(error, operation, this.#describe);
      }
      if (record === undefined) return undefined;
      if (record === null) continue;
      const token = this.#decodeNow(record);
      if (holdsKey(token, key)) {
        this.#keep(record, this.#recent?.mark(), `${key.kind}:${digest}`);
        return { record, token };
      }
    }
    return null;
  }

  /** The backend's synchronous `get`; undefined without a synchronous answer. */
  #getNow(operation: string, id: string): TokenRecord | null | undefined {
    const sync = this.#sync;
    if (sync === undefined) return undefined;
    this.#assertOpen(operation);
    try {
      return sync.get(id);
    } catch (error) {
      throw backendFailure(error, operation, this.#describe);
    }
  }

  /**
   * A save's write through the backend's synchronous calls (`replace` onto `previous`, else
   * `insert`); undefined without a synchronous answer.
   */
  #writeNow(next: TokenRecord, previous: TokenRecord | undefined): WriteResult | undefined {
    const sync = this.#sync;
    if (sync === undefined) return undefined;
    this.#assertOpen('saveToken');
    try {
      return previous === undefined ? sync.insert(next) : sync.replace(next, previous);
    } catch (error) {
      throw backendFailure(error, 'saveToken', this.#describe);
    }
  }

  /**
   * Only called where {@link #sync} is set, whose codec decodes synchronously: a fresh token,
   * decoded once per frozen record (see {@link DecodedRecords}).
   */
  #decodeNow(record: RecordData): StoredToken {
    const decode = this.#codec.decodeNow as NonNullable<RecordCodec['decodeNow']>;
    return this.#decoded === undefined ? decode(record) : this.#decoded.decode(record, decode);
  }

  /** Only called where {@link #sync} is set, whose codec encodes synchronously. */
  #encodeNow(fields: RecordFields, version: number, previous?: PreviousKeys): TokenRecord {
    return (this.#codec.encodeNow as NonNullable<RecordCodec['encodeNow']>)(
      fields,
      version,
      previous,
    );
  }

  /** The codec's decode, synchronously (and decoded once, see {@link #decoded}) where it can. */
  #decode(record: TokenRecord): StoredToken | Promise<StoredToken> {
    const decode = this.#codec.decodeNow;
    if (decode === undefined) return this.#codec.decode(record);
    return this.#decoded === undefined ? decode(record) : this.#decoded.decode(record, decode);
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw this.#closedError(operation);
  }

  /**
   * One backend call: rejects at once when the store is closed, else settles like the call
   * (its error wrapped) or rejects with `STORE_UNAVAILABLE` once the call timeout has passed.
   */
  #call<T>(operation: string, work: (options: CallOptions) => Promise<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(this.#closedError(operation));
    }
    return this.#deadlines.run(operation, work);
  }

  #closedError(operation: string): TokenStoreError {
    return new TokenStoreError('STORE_CLOSED', `${operation}: the store is closed`, {
      operation,
      store: this.#describe(),
    });
  }

  /**
   * Settles like `pending`; an error raised below the store (validation, a record codec, a
   * backend's own) gets this operation and the store's description.
   */
  #withContext<T>(operation: string, pending: Promise<T>): Promise<T> {
    return pending.catch((error: unknown) => {
      throw withContext(error, operation, this.#describe);
    });
  }
}

// Tells `prune` that `deleteToken` takes `expectedVersion` (kept off the public type).
Object.defineProperty(BackedTokenStore.prototype, CONDITIONAL_DELETE, { value: true });
