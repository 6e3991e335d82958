import type { TokenRecord, UniqueKeyKind } from '@tokenstore/core/backend';
import { encodeRevision, type RecordState } from './record-revision.js';
import type { SecretNames } from './secret-names.js';
import { decodeIndexValue, decodeRecordValue } from './secret-values.js';
import type { SecretRead, SecretsApi } from './secrets-api.js';

/** A record as read (its `revision` holds `state`), and what a compare-and-set needs. */
export interface Read {
  readonly record: TokenRecord;
  readonly state: RecordState;
}

/**
 * The record a record secret's current version holds, with its revision set; null for a
 * tombstone or a record of another id (a digest collision, or a value put there by hand).
 */
export function recordOf(read: SecretRead, id?: string): Read | null {
  const value = decodeRecordValue(read.value, read.name);
  if (value.deleted || (id !== undefined && value.record.id !== id)) return null;
  const state = { versionId: read.versionId, arn: read.arn, suffixes: value.suffixes };
  return { record: { ...value.record, revision: encodeRevision(state) }, state };
}

/** Reads of single records: by id (one `GetSecretValue`) and by key (two). */
export class RecordReads {
  readonly #api: SecretsApi;
  readonly #names: SecretNames;

  constructor(api: SecretsApi, names: SecretNames) {
    this.#api = api;
    this.#names = names;
  }

  /** The live record with this id and what a compare-and-set needs, or null. */
  async read(id: string, signal?: AbortSignal): Promise<Read | null> {
    const read = await this.#api.read(this.#names.record(id), signal);
    return typeof read === 'string' ? null : recordOf(read, id);
  }

  /** The record the index secret of this key names, or null. */
  async findByKey(
    kind: UniqueKeyKind,
    digest: string,
    signal?: AbortSignal,
  ): Promise<TokenRecord | null> {
    const name = this.#names.index(kind, digest);
    const index = await this.#api.read(name, signal);
    if (typeof index === 'string') return null;
    return (await this.read(decodeIndexValue(index.value, name).id, signal))?.record ?? null;
  }
}
