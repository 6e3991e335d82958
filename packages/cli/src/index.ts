/**
 * The library behind the `tokenstore` command: open a store from a store URL, mask secrets,
 * read Zoho FileStore CSVs, copy tokens idempotently. The command itself is the `tokenstore`
 * bin of this package.
 *
 * @packageDocumentation
 */
export { type CopyOutcome, copyToken, sameValues } from './copy-token.js';
export { type BrokenCsvRecord, type CsvRecord, readCsvRecords } from './csv-records.js';
export { EXIT, type ExitCode, UsageError } from './exit-codes.js';
export { maskSecret, maskToken } from './mask.js';
export { randomNamespace, withNamespace } from './namespace.js';
export { ADAPTER_PACKAGES, openStore } from './open-store.js';
export { redactUrl } from './redact-url.js';
export {
  isStoreUrl,
  type MemoryStoreSpec,
  type MongoStoreSpec,
  parseStoreUrl,
  type RedisStoreSpec,
  type SecretsManagerStoreSpec,
  type SqliteStoreSpec,
  STORE_URL_FORMS,
  type StoreKind,
  type StoreSpec,
} from './store-url.js';
export {
  isZohoHeader,
  ZOHO_FILESTORE_COLUMNS,
  type ZohoRow,
  zohoRowToToken,
} from './zoho-csv.js';
