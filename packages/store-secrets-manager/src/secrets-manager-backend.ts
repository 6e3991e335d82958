import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type {
  CallOptions,
  RecordBackend,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import { KeyClaims } from './key-claims.js';
import { RecordDeletes } from './record-deletes.js';
import { scanRecords } from './record-listing.js';
import { RecordReads } from './record-reads.js';
import { RecordWrites } from './record-writes.js';
import type { SecretNames } from './secret-names.js';
import type { Removal, SecretsApi } from './secrets-api.js';

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

/**
 * Record primitives over AWS Secrets Manager: one secret per record, named by a digest of its
 * id, and one index secret per unique key; see the README for the protocol. Reads, writes,
 * key claims, listing and deletes each live in their own module.
 */
export class SecretsManagerBackend implements RecordBackend {
  /**
   * Every call is a request to the service: a save may start from the record this store just
   * read or wrote (the find of a refresh), saving its reads. Its compare-and-set is on the
   * secret version the record was read or written at (its `revision`): any other write since,
   * a delete and insert again included, made a new version, so a stale start answers `stale`.
   */
  readonly remote = true;
  readonly #settings: SecretsManagerBackendSettings;
  readonly #reads: RecordReads;
  readonly #writes: RecordWrites;
  readonly #deletes: RecordDeletes;

  constructor(settings: SecretsManagerBackendSettings) {
    const { api, names } = settings;
    this.#settings = settings;
    this.#reads = new RecordReads(api, names);
    const claims = new KeyClaims(
      api,
      names,
      async (id) => (await this.#reads.read(id))?.record ?? null,
      { claimTimeoutMs: settings.claimTimeoutMs, waitMs: settings.waitMs },
    );
    this.#writes = new RecordWrites(api, names, this.#reads, claims);
    this.#deletes = new RecordDeletes(api, names, this.#reads, claims, settings.removal);
  }

  async get(id: string, options?: CallOptions): Promise<TokenRecord | null> {
    return (await this.#reads.read(id, options?.signal))?.record ?? null;
  }

  findByKey(
    kind: UniqueKeyKind,
    digest: string,
    options?: CallOptions,
  ): Promise<TokenRecord | null> {
    return this.#reads.findByKey(kind, digest, options?.signal);
  }

  insert(record: TokenRecord): Promise<WriteResult> {
    return this.#writes.insert(record);
  }

  replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    return this.#writes.replace(next, previous);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.#deletes.remove(id)) === 'deleted';
  }

  /** As `delete`, with the version checked on the record read for the tombstone's CAS. */
  deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    return this.#deletes.remove(id, version);
  }

  scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    return scanRecords(this.#settings.api, this.#settings.names, pageSize);
  }

  clear(options?: CallOptions): Promise<void> {
    return this.#deletes.clear(options);
  }

  async close(): Promise<void> {
    this.#settings.ownedClient?.destroy();
  }

  /** One `ListSecrets` of at most one name under the prefix: the cheapest authenticated call. */
  async ping(): Promise<void> {
    await this.#settings.api.listNames(this.#settings.names.prefix, 1, undefined);
  }

  describe(): string {
    const region = this.#settings.region === undefined ? '' : ` region=${this.#settings.region}`;
    return `secrets-manager${region} prefix=${JSON.stringify(this.#settings.names.prefix)}`;
  }
}
