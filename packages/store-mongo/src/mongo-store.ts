import {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  checkBackedStoreOptions,
} from '@tokenstore/core/backend';
import type { Collection, MongoClient, MongoClientOptions } from 'mongodb';
import { createClient, DEFAULT_URL } from './connection.js';
import type { TokenDocument } from './document.js';
import { MongoBackend } from './mongo-backend.js';
import { checkCollectionName, checkDatabaseName, LEASES_SUFFIX } from './names.js';
import type { LeaseDocument } from './write-leases.js';

/** Options of {@link MongoTokenStore}: at most one of `url`, `client`, `collectionHandle`. */
export type MongoTokenStoreOptions =
  | MongoOwnClientOptions
  | MongoGivenClientOptions
  | MongoGivenCollectionOptions;

/** Where in a client the tokens are: with `url` or `client`. */
interface MongoNamespaceOptions {
  /** The database. Default `"tokenstore"`. */
  database?: string;
  /** The collection. Default `"tokens"`. */
  collection?: string;
}

/** Options of a {@link MongoTokenStore} that creates (and closes) its own client. */
export interface MongoOwnClientOptions extends MongoCommonOptions, MongoNamespaceOptions {
  /**
   * Connection string of a client the store creates (and closes on `close()`).
   * Default `mongodb://127.0.0.1:27017`.
   */
  url?: string;
  /** Options of the client the store creates, over its defaults (5 s connect and server selection). */
  clientOptions?: MongoClientOptions;
  client?: never;
  collectionHandle?: never;
}

/** Options of a {@link MongoTokenStore} on the caller's client. */
export interface MongoGivenClientOptions extends MongoCommonOptions, MongoNamespaceOptions {
  /** An existing client to use; the caller owns it: `close()` leaves it open. */
  client: MongoClient;
  url?: never;
  clientOptions?: never;
  collectionHandle?: never;
}

/** Options of a {@link MongoTokenStore} on the caller's collection. */
export interface MongoGivenCollectionOptions extends MongoCommonOptions {
  /** An existing collection to store tokens in (its client stays open on `close()`). */
  collectionHandle: Collection;
  url?: never;
  clientOptions?: never;
  client?: never;
  database?: never;
  collection?: never;
}

/** What every {@link MongoTokenStoreOptions} may have. */
export interface MongoCommonOptions extends BackedTokenStoreOptions {
  /**
   * Serialise the writes of each token through a lease document in `<collection>.leases`, for
   * servers whose conditional updates are not atomic. Default: on when the server is FerretDB
   * (FerretDB issue 3040), off otherwise.
   */
  writeLeases?: boolean;
  /** How long the lease of a writer that crashed blocks its token, in ms. Default 30 000. */
  leaseMs?: number;
}

const DEFAULT_DATABASE = 'tokenstore';
const DEFAULT_COLLECTION = 'tokens';
const DEFAULT_LEASE_MS = 30_000;

function checkOptions(options: MongoTokenStoreOptions): void {
  const sources = [options.url, options.client, options.collectionHandle];
  if (sources.filter((source) => source !== undefined).length > 1) {
    throw new TypeError('MongoTokenStore: give at most one of url, client and collectionHandle');
  }
  const { leaseMs } = options;
  if (leaseMs !== undefined && !(Number.isSafeInteger(leaseMs) && leaseMs > 0)) {
    throw new TypeError('MongoTokenStore: leaseMs must be a positive integer');
  }
}

/**
 * A token store in a MongoDB collection (MongoDB 6+, or a compatible server such as FerretDB):
 * a document per token, unique indexes for every lookup key, single-document atomic writes.
 *
 * @example
 * const store = new MongoTokenStore({ url: 'mongodb://127.0.0.1:27017', database: 'app' });
 * await store.saveToken({ userName: 'me@example.com', refreshToken: '1000.x', clientId: 'c' });
 * await store.close();
 */
export class MongoTokenStore extends BackedTokenStore {
  constructor(options: MongoTokenStoreOptions = {}) {
    checkOptions(options);
    // Core's options too, before a client is created: a refused constructor builds nothing.
    checkBackedStoreOptions(options);
    let ownedClient: MongoClient | undefined;
    let records: Collection<TokenDocument>;
    if (options.collectionHandle !== undefined) {
      records = options.collectionHandle as unknown as Collection<TokenDocument>;
    } else {
      // The names too: a refused name leaves no client behind either.
      const database = checkDatabaseName(options.database ?? DEFAULT_DATABASE);
      const collection = checkCollectionName(options.collection ?? DEFAULT_COLLECTION, database);
      const client =
        options.client ?? createClient(options.url ?? DEFAULT_URL, options.clientOptions);
      if (client !== options.client) ownedClient = client;
      records = client.db(database).collection<TokenDocument>(collection);
    }
    if (options.collectionHandle !== undefined) {
      checkCollectionName(records.collectionName, checkDatabaseName(records.dbName));
    }
    const leases = records.db.collection<LeaseDocument>(
      `${records.collectionName}${LEASES_SUFFIX}`,
    );
    super(
      new MongoBackend({
        records,
        leases,
        ownedClient,
        writeLeases: options.writeLeases,
        leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      }),
      options,
    );
  }
}
