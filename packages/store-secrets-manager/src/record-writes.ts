import {
  type TokenRecord,
  TokenStoreError,
  type UniqueKeyKind,
  type WriteResult,
} from '@tokenstore/core/backend';
import type { Claim, KeyClaims } from './key-claims.js';
import { pause } from './pause.js';
import { indexArns, sameKeys, sortedKinds, suffixesOf } from './record-keys.js';
import type { RecordReads } from './record-reads.js';
import { decodeRevision, encodeRevision, type RecordState } from './record-revision.js';
import type { SecretNames } from './secret-names.js';
import { decodeRecordValue, packRecord, recordBody } from './secret-values.js';
import type { SecretsApi } from './secrets-api.js';

const RECORD_DESCRIPTION = 'tokenstore token record (the name is a digest of the token id)';
/** Attempts at creating a record secret whose name keeps changing state under us. */
const MAX_CREATE_ATTEMPTS = 50;

function late(): TokenStoreError {
  return new TokenStoreError(
    'STORE_UNAVAILABLE',
    'saveToken: the write could not be completed safely in time; retrying may work',
  );
}

/**
 * Inserts and compare-and-set replaces of record secrets. A write claims the keys it adds
 * first, writes the record (CreateSecret, or a compare-and-set on the secret version it
 * started from), then releases the keys it dropped; see the README for the protocol.
 */
export class RecordWrites {
  readonly #api: SecretsApi;
  readonly #names: SecretNames;
  readonly #reads: RecordReads;
  readonly #claims: KeyClaims;

  constructor(api: SecretsApi, names: SecretNames, reads: RecordReads, claims: KeyClaims) {
    this.#api = api;
    this.#names = names;
    this.#reads = reads;
    this.#claims = claims;
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const body = recordBody(record);
    const claimed = await this.#claims.claimAll(record, sortedKinds(record.keys));
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
    await this.#claims.releaseQuietly(claimed.map((claim) => claim.arn));
    if (outcome === 'late') throw late();
    return { status: 'duplicate', key: 'id' };
  }

  /**
   * A compare-and-set from the secret version `previous` was read at (its revision; read again
   * when core hands in a record without one), claiming only the keys that change.
   */
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
    const claimed = await this.#claims.claimAll(next, added);
    if (!Array.isArray(claimed)) return claimed;
    const suffixes = suffixesOf(kept, claimed);
    const arns = claimed.map((claim) => claim.arn);
    if (this.#claims.isLate(claimed)) {
      await this.#claims.releaseQuietly(arns);
      throw late();
    }
    const name = this.#names.record(next.id);
    const versionId = await this.#api.compareAndSet(
      name,
      packRecord(body, suffixes),
      state.versionId,
    );
    if (versionId === null) {
      await this.#claims.releaseQuietly(arns);
      return { status: 'stale' };
    }
    // The record no longer holds the keys it dropped: their index secrets go (a failure here
    // only leaves claims that later writers recognise as abandoned).
    const dropped = sortedKinds(previous.keys).filter((kind) => kept[kind] === undefined);
    await this.#claims.releaseQuietly(indexArns(this.#names, state, previous, dropped));
    return { status: 'ok', revision: encodeRevision({ versionId, arn: state.arn, suffixes }) };
  }

  /**
   * The state of `previous` read afresh; null when the stored record is not `previous` any more
   * (another version, or other keys: deleted and inserted again).
   */
  async #stateOf(previous: TokenRecord): Promise<RecordState | null> {
    const read = await this.#reads.read(previous.id);
    if (read === null || read.record.version !== previous.version) return null;
    return sameKeys(read.record.keys, previous.keys) ? read.state : null;
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
      if (this.#claims.isLate(claimed)) return 'late';
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
}
