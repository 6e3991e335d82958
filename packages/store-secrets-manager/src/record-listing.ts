import type { TokenRecord } from '@tokenstore/core/backend';
import { recordOf } from './record-reads.js';
import type { SecretNames } from './secret-names.js';
import { BATCH_LIMIT, LIST_LIMIT, type SecretsApi } from './secrets-api.js';

/** The characters of a record name's digest (SHA-256 in base64url). */
const DIGEST_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The length of that digest: a prefix this long names one record at most. */
const DIGEST_LENGTH = 43;

/**
 * Every record of the namespace, about `pageSize` at a time, each record that exists for the
 * whole scan exactly once, whatever is saved and deleted meanwhile.
 *
 * ListSecrets pages by position (moto's NextToken is an offset): a secret deleted before the
 * cursor moves an untouched one into a page already read. So a listing is never paged. A name
 * prefix whose ListSecrets answer fits one page (no NextToken) is complete, since nothing can
 * shift within one answer; a prefix with more names than a page is split into its 64
 * one-character extensions (the name filter is a case-sensitive prefix match, one value per
 * call: what several values in one filter mean is not documented), each listed the same way.
 * Up to 100 records: one ListSecrets, as before; up to about 6,400: 65.
 */
export async function* scanRecords(
  api: SecretsApi,
  names: SecretNames,
  pageSize: number,
): AsyncGenerator<readonly TokenRecord[]> {
  const reader = new RecordReader(api, pageSize);
  const full = names.recordPrefix.length + DIGEST_LENGTH;
  const pending = [names.recordPrefix];
  for (let prefix = pending.pop(); prefix !== undefined; prefix = pending.pop()) {
    let page = await api.listNames(prefix, LIST_LIMIT, undefined);
    if (page.nextToken !== undefined && prefix.length < full) {
      // Depth first, so that only one prefix's extensions wait at each level.
      for (let at = DIGEST_CHARS.length - 1; at >= 0; at--) pending.push(prefix + DIGEST_CHARS[at]);
      continue;
    }
    for (;;) {
      yield* reader.add(page.names.filter((name) => names.isRecord(name)));
      if (page.nextToken === undefined) break;
      // Paged only at a whole record name with more than a page of names under it: those are
      // another store's (its prefix is one of our record names), and our one record there may
      // be missed by a shift.
      page = await api.listNames(prefix, LIST_LIMIT, page.nextToken);
    }
  }
  yield* reader.flush();
}

/**
 * Reads the listed record secrets 20 at a time (one BatchGetSecretValue, across listings) and
 * hands out their live records `pageSize` at a time. A record deleted after it was listed is
 * left out; one saved after it was listed is read as it is now.
 */
class RecordReader {
  readonly #api: SecretsApi;
  readonly #pageSize: number;
  #names: string[] = [];
  #records: TokenRecord[] = [];

  constructor(api: SecretsApi, pageSize: number) {
    this.#api = api;
    this.#pageSize = pageSize;
  }

  async *add(names: readonly string[]): AsyncGenerator<readonly TokenRecord[]> {
    this.#names.push(...names);
    while (this.#names.length >= BATCH_LIMIT) yield* this.#read(this.#names.splice(0, BATCH_LIMIT));
  }

  async *flush(): AsyncGenerator<readonly TokenRecord[]> {
    if (this.#names.length > 0) yield* this.#read(this.#names.splice(0));
    if (this.#records.length > 0) yield this.#records.splice(0);
  }

  async *#read(batch: readonly string[]): AsyncGenerator<readonly TokenRecord[]> {
    for (const read of await this.#api.readMany(batch)) {
      const record = recordOf(read)?.record;
      if (record !== undefined) this.#records.push(record);
    }
    while (this.#records.length >= this.#pageSize) yield this.#records.splice(0, this.#pageSize);
  }
}
