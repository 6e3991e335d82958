import type {
  CallOptions,
  Capabilities,
  RecordBackend,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { Collection, Document, Filter, MongoClient } from 'mongodb';
import { MongoTopologyClosedError } from 'mongodb';
import { compactCollection } from './compact.js';
import {
  encodeId,
  fromDocument,
  type RevisedDocument,
  storedKeys,
  type TokenDocument,
  toDocument,
} from './document.js';
import { assertFits, filterCanHold } from './document-size.js';
import {
  duplicateKindOf,
  isDuplicateKeyError,
  redactWriteError,
  translateError,
} from './driver-errors.js';
import { byId, byIdAndVersion, byKey, byRevision, byUnrevised } from './filters.js';
import { createKeyIndexes } from './indexes.js';
import { hasAtomicConditionalUpdates } from './server-features.js';
import { type LeaseDocument, WriteLeases } from './write-leases.js';

/** What a {@link MongoBackend} works on. */
export interface MongoBackendConfig {
  /** The tokens' collection. */
  readonly records: Collection<TokenDocument>;
  /** Where write leases live, when they are used. */
  readonly leases: Collection<LeaseDocument>;
  /** A client this backend created and so closes; never one the caller passed in. */
  readonly ownedClient: MongoClient | undefined;
  /** Serialise writes per token with leases; undefined: when the server needs it. */
  readonly writeLeases: boolean | undefined;
  /** How long a lease of a crashed writer blocks its token, in milliseconds. */
  readonly leaseMs: number;
}

const STALE: WriteResult = { status: 'stale' };

function duplicate(key: UniqueKeyKind | 'id' | undefined): WriteResult {
  return key === undefined ? { status: 'duplicate' } : { status: 'duplicate', key };
}

/**
 * The compare-and-set filter of an update, of `size` bytes, of the document `previous` was read
 * from: on its revision; for a document read without one (written before revisions), on its
 * data, when the command can carry it beside the new document (under about 8 MiB), else on its
 * version and keys only. Such a document saved again by this version has a revision, so only a
 * token an earlier version saved again (during an upgrade) can go unnoticed there.
 */
function casFilter(_id: string, size: number, previous: TokenRecord): Filter<TokenDocument> {
  const keys = storedKeys(previous);
  if (previous.revision !== undefined) {
    return byRevision(_id, previous.version, keys, previous.revision);
  }
  const data = filterCanHold(size, previous.data) ? previous.data : undefined;
  return byUnrevised(_id, previous.version, keys, data);
}

/** A write that went through: the written document's revision goes back to core with it. */
function ok(doc: RevisedDocument): WriteResult {
  return { status: 'ok', revision: doc.r };
}

/**
 * Record primitives on one MongoDB collection: a document per token whose `_id` is the token id,
 * one unique index per key kind, and every write a single-document operation: `insertOne` (the
 * unique indexes decide duplicates), `replaceOne` filtered on the expected version, keys and
 * revision (the compare-and-set), `deleteOne`. Indexes are created once, on first use.
 */
export class MongoBackend implements RecordBackend {
  /**
   * Every call is a round trip to the server, and `replace` matches only a document that still
   * holds the version, the keys and the revision (the digest of the data) it was read with, or,
   * read without a revision, the data itself: a save may start from the record found.
   */
  readonly remote = true;
  readonly #records: Collection<TokenDocument>;
  readonly #config: MongoBackendConfig;
  #setup: Promise<WriteLeases | undefined> | undefined;
  #closed = false;

  constructor(config: MongoBackendConfig) {
    this.#config = config;
    this.#records = config.records;
  }

  // Reads hand core's signal to the driver, which then stops waiting for a read that outlived
  // the store's timeout (and closes that connection) instead of holding it for as long as the
  // server takes. Writes cannot be abandoned halfway, and the driver takes no signal for them.
  get(id: string, options?: CallOptions): Promise<TokenRecord | null> {
    return this.#guarded(async () => {
      await this.#ready();
      const doc = await this.#records.findOne(byId(encodeId(id)), { signal: options?.signal });
      return doc === null ? null : fromDocument(doc);
    });
  }

  findByKey(
    kind: UniqueKeyKind,
    digest: string,
    options?: CallOptions,
  ): Promise<TokenRecord | null> {
    return this.#guarded(async () => {
      await this.#ready();
      const doc = await this.#records.findOne(byKey(kind, digest), { signal: options?.signal });
      return doc === null ? null : fromDocument(doc);
    });
  }

  insert(record: TokenRecord): Promise<WriteResult> {
    return this.#guarded(async () => {
      const doc = toDocument(record);
      assertFits(doc);
      await this.#ready();
      try {
        await this.#records.insertOne(doc);
        return ok(doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw redactWriteError(error, 'insert');
        const reported = duplicateKindOf(error);
        if (reported !== undefined) return duplicate(reported);
        if ((await this.#records.findOne(byId(doc._id), { projection: { _id: 1 } })) !== null) {
          return duplicate('id');
        }
        return duplicate(await this.#heldElsewhere(doc));
      }
    });
  }

  replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    return this.#guarded(async () => {
      const doc = toDocument(next);
      const size = assertFits(doc);
      const leases = await this.#ready();
      const filter = casFilter(doc._id, size, previous);
      const write = () => this.#replaceIfVersion(doc, previous.version, filter);
      return leases === undefined ? write() : leases.hold(doc._id, write);
    });
  }

  delete(id: string): Promise<boolean> {
    return this.#guarded(async () => {
      const leases = await this.#ready();
      const _id = encodeId(id);
      const remove = async () => (await this.#records.deleteOne(byId(_id))).deletedCount === 1;
      return leases === undefined ? remove() : leases.hold(_id, remove);
    });
  }

  /** `deleteOne` filtered on the version, the same compare-and-set as `replace`. */
  deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    return this.#guarded(async () => {
      const leases = await this.#ready();
      const _id = encodeId(id);
      const remove = async () => {
        const { deletedCount } = await this.#records.deleteOne(byIdAndVersion(_id, version));
        if (deletedCount === 1) return 'deleted' as const;
        return (await this.#records.findOne(byId(_id), { projection: { _id: 1 } })) === null
          ? ('absent' as const)
          : ('stale' as const);
      };
      return leases === undefined ? remove() : leases.hold(_id, remove);
    });
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    try {
      yield* this.#scan(pageSize);
    } catch (error) {
      throw translateError(error);
    }
  }

  async *#scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    await this.#ready();
    // In `_id` order: `_id` never changes, so the index walk meets each document once.
    const cursor = this.#records.find({}, { sort: { _id: 1 }, batchSize: pageSize });
    try {
      let page: TokenRecord[] = [];
      for await (const doc of cursor) {
        page.push(fromDocument(doc));
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      await cursor.close();
    }
  }

  clear(): Promise<void> {
    return this.#guarded(async () => {
      const leases = await this.#ready();
      await this.#records.deleteMany({});
      await leases?.clear();
    });
  }

  /** Runs `compact` on the tokens' collection (see `compactCollection`). */
  compact(): Promise<void> {
    return this.#guarded(async () => {
      await this.#ready();
      await compactCollection(this.#records as unknown as Collection<Document>);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#config.ownedClient?.close();
  }

  /** The `{ ping: 1 }` command on the tokens' database. */
  ping(): Promise<void> {
    return this.#guarded(async () => {
      await this.#records.db.command({ ping: 1 });
    });
  }

  describe(): string {
    return `mongodb namespace=${JSON.stringify(this.#records.namespace)}`;
  }

  /**
   * Without write leases, conditional writes are only as atomic as the server makes them
   * (FerretDB v1 re-checks no filter: FerretDB issue 3040); with them, or on MongoDB, they are.
   */
  capabilities(): Promise<Capabilities> {
    return this.#guarded(async () => {
      if ((await this.#ready()) !== undefined) return {};
      const atomic = await hasAtomicConditionalUpdates(this.#records.db);
      return atomic ? {} : { atomicConditionalWrites: false };
    });
  }

  /**
   * Runs a call; connection and authentication failures come out translated (the driver's own
   * reason). The driver closes the topology of a client whose first connection failed, and then
   * answers every later call with "Topology is closed" even once the server is up: a client the
   * store opened is connected again, and the call made once more.
   */
  async #guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const client = this.#config.ownedClient;
      if (!(error instanceof MongoTopologyClosedError) || client === undefined || this.#closed) {
        throw translateError(error);
      }
      try {
        await client.connect();
        return await call();
      } catch (again) {
        throw translateError(again);
      }
    }
  }

  /** Index set-up and server check, once per backend; tried again after a failure. */
  #ready(): Promise<WriteLeases | undefined> {
    this.#setup ??= this.#initialize().catch((error: unknown) => {
      this.#setup = undefined;
      throw error;
    });
    return this.#setup;
  }

  async #initialize(): Promise<WriteLeases | undefined> {
    await createKeyIndexes(this.#records);
    const { writeLeases, leases, leaseMs } = this.#config;
    const needed = writeLeases ?? !(await hasAtomicConditionalUpdates(this.#records.db));
    return needed ? new WriteLeases(leases, leaseMs) : undefined;
  }

  async #replaceIfVersion(
    doc: RevisedDocument,
    version: number,
    filter: Filter<TokenDocument>,
  ): Promise<WriteResult> {
    try {
      const result = await this.#records.replaceOne(filter, doc);
      return result.matchedCount === 1 ? ok(doc) : STALE;
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        return duplicate(duplicateKindOf(error) ?? (await this.#heldElsewhere(doc)));
      }
      // FerretDB v1 reports a unique index violation of an update as InternalError (code 1).
      // Another document holding one of the keys while ours is unchanged proves it was one;
      // anything else is a genuine failure.
      const kind = await this.#heldElsewhere(doc);
      const ours = await this.#records.findOne(byId(doc._id));
      if (kind !== undefined && ours !== null && ours.v === version) return duplicate(kind);
      throw redactWriteError(error, 'replace');
    }
  }

  /** The first unique key of `doc` that another document holds. */
  async #heldElsewhere(doc: TokenDocument): Promise<UniqueKeyKind | undefined> {
    const { keys } = fromDocument(doc);
    for (const [kind, digest] of Object.entries(keys) as [UniqueKeyKind, string][]) {
      const holder = await this.#records.findOne(byKey(kind, digest, doc._id), {
        projection: { _id: 1 },
      });
      if (holder !== null) return kind;
    }
    return undefined;
  }
}
