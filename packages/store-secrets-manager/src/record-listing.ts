import type { TokenRecord } from '@tokenstore/core/backend';
import { recordOf } from './record-reads.js';
import type { SecretNames } from './secret-names.js';
import { BATCH_LIMIT, LIST_LIMIT, type SecretsApi } from './secrets-api.js';

/**
 * Every record of the namespace, a ListSecrets page at a time. ListSecrets pages by position,
 * so the listing guarantee holds only without concurrent deletes (see the backend's
 * capabilities).
 */
export async function* scanRecords(
  api: SecretsApi,
  names: SecretNames,
  pageSize: number,
): AsyncGenerator<readonly TokenRecord[]> {
  let nextToken: string | undefined;
  do {
    const page = await api.listNames(names.recordPrefix, Math.min(pageSize, LIST_LIMIT), nextToken);
    const listed = page.names.filter((name) => names.isRecord(name));
    const records: TokenRecord[] = [];
    for (let at = 0; at < listed.length; at += BATCH_LIMIT) {
      for (const read of await api.readMany(listed.slice(at, at + BATCH_LIMIT))) {
        const record = recordOf(read)?.record;
        if (record !== undefined) records.push(record);
      }
    }
    if (records.length > 0) yield records;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
}
