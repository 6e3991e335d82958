import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  type CallOptions,
  type Capabilities,
  type RecordBackend,
  type TokenRecord,
  TokenStoreError,
  type UniqueKeyKind,
  type WriteResult,
} from '@tokenstore/core/backend';
import { type Claim, KeyClaims } from './key-claims.js';
import { pause } from './pause.js';
import { decodeRevision, encodeRevision, type RecordState } from './record-revision.js';
import { arnOf, type SecretNames } from './secret-names.js';
import {
  decodeIndexValue,
  decodeRecordValue,
  type IndexSuffixes,
  packRecord,
  recordBody,
  TOMBSTONE,
} from './secret-values.js';
import { BATCH_LIMIT, type Removal, type SecretsApi } from './secrets-api.js';

/** What the backend needs; the store builds it from its options. */
export interface SecretsManagerBackendSettings {
  readonly api: SecretsApi;
  readonly names: SecretNames;
  /** Closed by `close()` when the store created it; null when the caller owns the client. */
  readonly ownedClient: SecretsManagerClient | null;
  /** How a deleted record's secret goes. Index secrets are always deleted at once. */
  readonly removal: Removal;
  readonly claimTimeoutMs: number;
  readonly waitMs: number;
  /** For `describe()`, when known. */
  readonly region: string | undefined;
}

/** A record as read (its `revision` holds `state`), and what a compare-and-set needs. */
interface Read {
  readonly record: TokenRecord;
  readonly state: RecordState;
}

const RECORD_DESCRIPTION = 'tokenstore token record (the name is a digest of the token id)';
/** Attempts at creating a record secret whose name keeps changing state under us. */
const MAX_CREATE_ATTEMPTS = 50;
/** Attempts at a delete that keeps losing to concurrent writers of the same record. */
const MAX_DELETE_ATTEMPTS = 50;
/** Deletes in flight at once while clearing a namespace (the service allows about 50/s). */
const CLEAR_CONCURRENCY = 8;
/** ListSecrets returns at most this many names per page. */
const LIST_LIMIT = 100;

function sortedKinds(keys: TokenRecord['keys']): UniqueKeyKind[] {
  // One order for every writer, so that writers claiming several keys never wait on each other
  // in a cycle.
  return (Object.keys(keys) as UniqueKeyKind[]).sort();
}

function sameKeys(a: TokenRecord['keys'], b: TokenRecord['keys']): boolean {
  const kinds = sortedKinds(a);
  return kinds.length === sortedKinds(b).length && kinds.every((kind) => a[kind] === b[kind]);
}

/** The ARN suffix of every key's index secret: the kept ones and the new claims. */
function suffixesOf(kept: IndexSuffixes, claimed: readonly Claim[]): IndexSuffixes {
  const suffixes: { [K in UniqueKeyKind]?: string } = { ...kept };
  for (const claim of claimed) suffixes[claim.kind] = claim.suffix;
  return suffixes;
}

function unavailable(message: string): TokenStoreError {
  return new TokenStoreError('STORE_UNAVAILABLE', message);
}

function late(): TokenStoreError {
  return unavailable(
    'saveToken: the write could not be completed safely in time; retrying may work',
  );
}

/**
 * Record primitives over AWS Secrets Manager: one secret per record, named by a digest of its
 * id, and one index secret per unique key; see the README for the protocol.
 */
export class SecretsManagerBackend implements RecordBackend {
  readonly #api: SecretsApi;
  readonly #names: SecretNames;
  readonly #settings: SecretsManagerBackendSettings;
  readonly #claims: KeyClaims;

  constructor(settings: SecretsManagerBackendSettings) {
    this.#settings = settings;
    this.#api = settings.api;
    this.#names = settings.names;
    this.#claims = new KeyClaims(
      settings.api,
      settings.names,
      async (id) => (await this.#read(id))?.record ?? null,
      { claimTimeoutMs: settings.claimTimeoutMs, waitMs: settings.waitMs },
    );
  }

  async get(id: string): Promise<TokenRecord | null> {
    return (await this.#read(id))?.record ?? null;
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const name = this.#names.index(kind, digest);
    const index = await this.#api.read(name);
    if (typeof index === 'string') return null;
    return this.get(decodeIndexValue(index.value, name).id);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const body = recordBody(record);
    const claimed = await this.#claimAll(record, sortedKinds(record.keys));
    if (!Array.isArray(claimed)) {
      // `stale`: a live record with this very id already holds the key.
      return claimed.status === 'duplicate' ? claimed : { status: 'duplicate', key: 'id' };
    }
    const suffixes = suffixesOf({}, claimed);
    const outcome = await this.#createRecord(
      this.#names.record(record.id),
      packRecord(body, suffixes),
      claimed,
    );
    if (typeof outcome === 'object') {
      return { status: 'ok', revision: encodeRevision({ ...outcome, suffixes }) };
    }
    await this.#releaseQuietly(claimed.map((claim) => claim.arn));
    if (outcome === 'late') throw late();
    return { status: 'duplicate', key: 'id' };
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const state = decodeRevision(previous.revision) ?? (await this.#stateOf(previous));
    if (state === null) return { status: 'stale' };
    const kept: { [K in UniqueKeyKind]?: string } = {};
    const added: UniqueKeyKind[] = [];
    for (const kind of sortedKinds(next.keys)) {
      const suffix = state.suffixes[kind];
      if (next.keys[kind] === previous.keys[kind] && suffix !== undefined) kept[kind] = suffix;
      else added.push(kind);
    }
    const body = recordBody(next);
    const claimed = await this.#claimAll(next, added);
    if (!Array.isArray(claimed)) return claimed;
    const suffixes = suffixesOf(kept, claimed);
    const arns = claimed.map((claim) => claim.arn);
    if (this.#late(claimed)) {
      await this.#releaseQuietly(arns);
      throw late();
    }
    const name = this.#names.record(next.id);
    const versionId = await this.#api.compareAndSet(
      name,
      packRecord(body, suffixes),
      state.versionId,
    );
    if (versionId === null) {
      await this.#releaseQuietly(arns);
      return { status: 'stale' };
    }
    // The record no longer holds the keys it dropped: their index secrets go (a failure here
    // only leaves claims that later writers recognise as abandoned).
    const dropped = sortedKinds(previous.keys).filter((kind) => kept[kind] === undefined);
    await this.#releaseQuietly(this.#arnsOf(state, previous, dropped));
    return { status: 'ok', revision: encodeRevision({ versionId, arn: state.arn, suffixes }) };
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#remove(id, undefined)) === 'deleted';
  }

  /** As `delete`, with the version checked on the record read for the tombstone's CAS. */
  deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    return this.#remove(id, version);
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    let nextToken: string | undefined;
    do {
      const page = await this.#api.listNames(
        this.#names.recordPrefix,
        Math.min(pageSize, LIST_LIMIT),
        nextToken,
      );
      const names = page.names.filter((name) => this.#names.isRecord(name));
      const records: TokenRecord[] = [];
      for (let at = 0; at < names.length; at += BATCH_LIMIT) {
        for (const read of await this.#api.readMany(names.slice(at, at + BATCH_LIMIT))) {
          const value = decodeRecordValue(read.value, read.name);
          if (value.deleted) continue;
          const { suffixes, record } = value;
          const state = { versionId: read.versionId, arn: read.arn, suffixes };
          records.push({ ...record, revision: encodeRevision(state) });
        }
      }
      if (records.length > 0) yield records;
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }

  async clear(options?: CallOptions): Promise<void> {
    // Deleting while paging shifts later pages, so pass over the namespace until a pass finds
    // nothing left to delete.
    for (let pass = 0; pass < 64; pass++) {
      let removed = 0;
      let nextToken: string | undefined;
      do {
        const page = await this.#api.listNames(this.#names.prefix, LIST_LIMIT, nextToken);
        const ours = page.names.filter(
          (name) => this.#names.isRecord(name) || this.#names.isIndex(name),
        );
        for (let at = 0; at < ours.length; at += CLEAR_CONCURRENCY) {
          const done = await Promise.all(
            ours.slice(at, at + CLEAR_CONCURRENCY).map((name) => this.#removeSecret(name)),
          );
          removed += done.filter(Boolean).length;
          options?.progress?.(); // a large namespace takes longer than one call's timeout
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      if (removed === 0) return;
    }
    throw unavailable('deleteTokens: secrets kept appearing while the namespace was cleared');
  }

  async close(): Promise<void> {
    this.#settings.ownedClient?.destroy();
  }

  /**
   * ListSecrets pages by position, so a secret deleted before the cursor during a listing can make
   * an untouched token be skipped: the listing guarantee holds only without concurrent deletes.
   */
  async capabilities(): Promise<Capabilities> {
    return { listingDuringWrites: false };
  }

  /** One `ListSecrets` of at most one name under the prefix: the cheapest authenticated call. */
  async ping(): Promise<void> {
    await this.#api.listNames(this.#names.prefix, 1, undefined);
  }

  describe(): string {
    const region = this.#settings.region === undefined ? '' : ` region=${this.#settings.region}`;
    return `secrets-manager${region} prefix=${JSON.stringify(this.#names.prefix)}`;
  }

  /**
   * Removes the record (only at `version`, when given). A compare-and-set to a tombstone first,
   * from the secret version that was read: it orders this delete against concurrent saves (a
   * save that lands after the read makes it fail, and the record is read again), so the keys
   * released below are exactly the ones the record held, and a record restored later (to be
   * saved again) reads as deleted, never as the old token.
   */
  async #remove(id: string, version: number | undefined): Promise<'deleted' | 'stale' | 'absent'> {
    const name = this.#names.record(id);
    for (let attempt = 0; attempt < MAX_DELETE_ATTEMPTS; attempt++) {
      const read = await this.#read(id);
      if (read === null) return 'absent';
      const { record, state } = read;
      if (version !== undefined && record.version !== version) return 'stale';
      if ((await this.#api.compareAndSet(name, TOMBSTONE, state.versionId)) === null) {
        await pause(attempt);
        continue;
      }
      // The tombstone is the delete: the keys are free now, the secret goes after them.
      await this.#releaseQuietly(this.#arnsOf(state, record, sortedKinds(record.keys)));
      await this.#api.remove(name, this.#settings.removal);
      return 'deleted';
    }
    throw unavailable('deleteToken: the token kept changing while it was being deleted');
  }

  /** The live record with this id (its revision set) and what a compare-and-set needs, or null. */
  async #read(id: string): Promise<Read | null> {
    const name = this.#names.record(id);
    const read = await this.#api.read(name);
    if (typeof read === 'string') return null;
    const value = decodeRecordValue(read.value, name);
    if (value.deleted || value.record.id !== id) return null;
    const state = { versionId: read.versionId, arn: read.arn, suffixes: value.suffixes };
    return { record: { ...value.record, revision: encodeRevision(state) }, state };
  }

  /**
   * The state of `previous` read afresh, when core hands in a record without a revision; null
   * when the stored record is not `previous` any more (another version, or other keys).
   */
  async #stateOf(previous: TokenRecord): Promise<RecordState | null> {
    const read = await this.#read(previous.id);
    if (read === null || read.record.version !== previous.version) return null;
    return sameKeys(read.record.keys, previous.keys) ? read.state : null;
  }

  /** Claims each key; on a refusal, releases what it claimed and says why. */
  async #claimAll(
    record: TokenRecord,
    kinds: readonly UniqueKeyKind[],
  ): Promise<Claim[] | { status: 'stale' } | { status: 'duplicate'; key: UniqueKeyKind }> {
    const claimed: Claim[] = [];
    try {
      for (const kind of kinds) {
        const digest = record.keys[kind];
        if (digest === undefined) continue;
        const result = await this.#claims.claim(kind, digest, {
          id: record.id,
          version: record.version,
        });
        if (result.status === 'claimed') {
          claimed.push(result.claim);
          continue;
        }
        await this.#releaseQuietly(claimed.map((claim) => claim.arn));
        return result.status === 'duplicate' ? { status: 'duplicate', key: kind } : result;
      }
      return claimed;
    } catch (error) {
      // Nothing holds these claims yet: give them back before failing.
      await this.#releaseQuietly(claimed.map((claim) => claim.arn));
      throw error;
    }
  }

  /**
   * Creates the record secret, or takes over a tombstone or a secret waiting out its recovery
   * window under the same name. `exists`: a live record has the name; `late`: nothing written,
   * and the claims are too old to write now.
   */
  async #createRecord(
    name: string,
    packed: Buffer,
    claimed: readonly Claim[],
  ): Promise<{ arn: string; versionId: string } | 'exists' | 'late'> {
    let restored = false;
    for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
      if (this.#late(claimed)) return 'late';
      const created = await this.#api.create(name, packed, RECORD_DESCRIPTION);
      if (created !== 'exists') return created;
      const current = await this.#api.read(name);
      if (current === 'deleted') {
        // Scheduled for deletion: restore it, then overwrite it below.
        restored = (await this.#api.restore(name)) || restored;
        continue;
      }
      if (current === 'missing') {
        await pause(attempt); // deleted in between; on AWS a forced deletion may still be running
        continue;
      }
      // A tombstone is free to take; so is whatever a secret restored here held (a record
      // deleted outside this store, whose keys are no longer claimed).
      if (!decodeRecordValue(current.value, name).deleted && !restored) return 'exists';
      const versionId = await this.#api.compareAndSet(name, packed, current.versionId);
      if (versionId !== null) return { arn: current.arn, versionId };
    }
    // Not written; the name kept changing state (or CreateSecret keeps refusing it).
    return 'late';
  }

  /** The ARNs of the index secrets of `kinds` of a record read as `state`. */
  #arnsOf(state: RecordState, record: TokenRecord, kinds: readonly UniqueKeyKind[]): string[] {
    return kinds.flatMap((kind) => {
      const digest = record.keys[kind];
      const suffix = state.suffixes[kind];
      if (digest === undefined || suffix === undefined) return [];
      const arn = arnOf(state.arn, this.#names.index(kind, digest), suffix);
      return arn === undefined ? [] : [arn];
    });
  }

  async #releaseQuietly(arns: readonly string[]): Promise<void> {
    try {
      await this.#claims.release(arns);
    } catch {
      // An index secret left behind names a record that does not hold its key: later writers
      // of that key treat it as abandoned and delete it.
    }
  }

  /**
   * True when the oldest of a write's claims is old enough that other writers may soon count it
   * as abandoned: the write must not happen any more (half the timeout leaves a margin for clock
   * skew and for the write call itself).
   */
  #late(claimed: readonly Claim[]): boolean {
    if (claimed.length === 0) return false;
    const oldest = Math.min(...claimed.map((claim) => claim.since));
    return Date.now() - oldest > this.#settings.claimTimeoutMs / 2;
  }

  /** Deletes one secret of the namespace; true if it was there. */
  async #removeSecret(name: string): Promise<boolean> {
    if (!this.#names.isRecord(name)) return this.#api.remove(name, { force: true });
    // A record that may be restored later reads as deleted (see `delete`).
    if (!('force' in this.#settings.removal)) await this.#api.overwrite(name, TOMBSTONE);
    return this.#api.remove(name, this.#settings.removal);
  }
}
