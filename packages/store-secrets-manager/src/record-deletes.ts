import { type CallOptions, TokenStoreError } from '@tokenstore/core/backend';
import type { KeyClaims } from './key-claims.js';
import { pause } from './pause.js';
import { indexArns, sortedKinds } from './record-keys.js';
import type { RecordReads } from './record-reads.js';
import type { SecretNames } from './secret-names.js';
import { TOMBSTONE } from './secret-values.js';
import { LIST_LIMIT, type Removal, type SecretsApi } from './secrets-api.js';

/** Attempts at a delete that keeps losing to concurrent writers of the same record. */
const MAX_DELETE_ATTEMPTS = 50;
/** Deletes in flight at once while clearing a namespace (the service allows about 50/s). */
const CLEAR_CONCURRENCY = 8;
/** Passes over a namespace being cleared while other writers keep adding to it. */
const MAX_CLEAR_PASSES = 64;

function unavailable(message: string): TokenStoreError {
  return new TokenStoreError('STORE_UNAVAILABLE', message);
}

/** Deletes of one record (a tombstone first) and of a whole namespace. */
export class RecordDeletes {
  readonly #api: SecretsApi;
  readonly #names: SecretNames;
  readonly #reads: RecordReads;
  readonly #claims: KeyClaims;
  /** How a deleted record's secret goes. Index secrets are always deleted at once. */
  readonly #removal: Removal;

  constructor(
    api: SecretsApi,
    names: SecretNames,
    reads: RecordReads,
    claims: KeyClaims,
    removal: Removal,
  ) {
    this.#api = api;
    this.#names = names;
    this.#reads = reads;
    this.#claims = claims;
    this.#removal = removal;
  }

  /**
   * Removes the record (only at `version`, when given). A compare-and-set to a tombstone first,
   * from the secret version that was read: it orders this delete against concurrent saves (a
   * save that lands after the read makes it fail, and the record is read again), so the keys
   * released below are exactly the ones the record held, and a record restored later (to be
   * saved again) reads as deleted, never as the old token.
   */
  async remove(id: string, version?: number): Promise<'deleted' | 'stale' | 'absent'> {
    const name = this.#names.record(id);
    for (let attempt = 0; attempt < MAX_DELETE_ATTEMPTS; attempt++) {
      const read = await this.#reads.read(id);
      if (read === null) return 'absent';
      const { record, state } = read;
      if (version !== undefined && record.version !== version) return 'stale';
      if ((await this.#api.compareAndSet(name, TOMBSTONE, state.versionId)) === null) {
        await pause(attempt);
        continue;
      }
      // The tombstone is the delete: the keys are free now, the secret goes after them.
      const kinds = sortedKinds(record.keys);
      await this.#claims.releaseQuietly(indexArns(this.#names, state, record, kinds));
      await this.#api.remove(name, this.#removal);
      return 'deleted';
    }
    throw unavailable('deleteToken: the token kept changing while it was being deleted');
  }

  /** Deletes every secret of the namespace: records (a tombstone first) and index secrets. */
  async clear(options?: CallOptions): Promise<void> {
    // Deleting while paging shifts later pages, so pass over the namespace until a pass finds
    // nothing left to delete.
    for (let pass = 0; pass < MAX_CLEAR_PASSES; pass++) {
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

  /** Deletes one secret of the namespace; true if it was there. */
  async #removeSecret(name: string): Promise<boolean> {
    if (!this.#names.isRecord(name)) return this.#api.remove(name, { force: true });
    // A record that may be restored later reads as deleted (see `remove`).
    if (!('force' in this.#removal)) await this.#api.overwrite(name, TOMBSTONE);
    return this.#api.remove(name, this.#removal);
  }
}
