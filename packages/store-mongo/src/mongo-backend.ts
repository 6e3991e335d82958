import type {
  Capabilities,
  RecordBackend,
  TokenRecord,
  UniqueKeyKind,
  WriteResult,
} from '@tokenstore/core/backend';
import type { Collection, Document, MongoClient } from 'mongodb';
import { compactCollection } from './compact.js';
import { encodeId, fromDocument, type TokenDocument, toDocument } from './document.js';
import { assertFits } from './document-size.js';
import { duplicateKindOf, isDuplicateKeyError, redactWriteError } from './driver-errors.js';
import { byId, byIdAndVersion, byKey } from './filters.js';
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

const OK: WriteResult = { status: 'ok' };
const STALE: WriteResult = { status: 'stale' };

function duplicate(key: UniqueKeyKind | 'id' | undefined): WriteResult {
  return key === undefined ? { status: 'duplicate' } : { status: 'duplicate', key };
}

/**
 * Record primitives on one MongoDB collection: a document per token whose `_id` is the token id,
 * one unique index per key kind, and every write a single-document operation: `insertOne` (the
 * unique indexes decide duplicates), `replaceOne` filtered on the expected version (the
 * compare-and-set), `deleteOne`. Indexes are created once, on first use.
 */
export class MongoBackend implements RecordBackend {
  readonly #records: Collection<TokenDocument>;
  readonly #config: MongoBackendConfig;
  #setup: Promise<WriteLeases | undefined> | undefined;

  constructor(config: MongoBackendConfig) {
    this.#config = config;
    this.#records = config.records;
  }

  async get(id: string): Promise<TokenRecord | null> {
    await this.#ready();
    const doc = await this.#records.findOne(byId(encodeId(id)));
    return doc === null ? null : fromDocument(doc);
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    await this.#ready();
    const doc = await this.#records.findOne(byKey(kind, digest));
    return doc === null ? null : fromDocument(doc);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const doc = toDocument(record);
    assertFits(doc);
    await this.#ready();
    try {
      await this.#records.insertOne(doc);
      return OK;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw redactWriteError(error, 'insert');
      const reported = duplicateKindOf(error);
      if (reported !== undefined) return duplicate(reported);
      if ((await this.#records.findOne(byId(doc._id), { projection: { _id: 1 } })) !== null) {
        return duplicate('id');
      }
      return duplicate(await this.#heldElsewhere(doc));
    }
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const doc = toDocument(next);
    assertFits(doc);
    const leases = await this.#ready();
    const write = () => this.#replaceIfVersion(doc, previous.version);
    return leases === undefined ? write() : leases.hold(doc._id, write);
  }

  async delete(id: string): Promise<boolean> {
    const leases = await this.#ready();
    const _id = encodeId(id);
    const remove = async () => (await this.#records.deleteOne(byId(_id))).deletedCount === 1;
    return leases === undefined ? remove() : leases.hold(_id, remove);
  }

  /** `deleteOne` filtered on the version, the same compare-and-set as `replace`. */
  async deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
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
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
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

  async clear(): Promise<void> {
    const leases = await this.#ready();
    await this.#records.deleteMany({});
    await leases?.clear();
  }

  /** Runs `compact` on the tokens' collection (see `compactCollection`). */
  async compact(): Promise<void> {
    await this.#ready();
    await compactCollection(this.#records as unknown as Collection<Document>);
  }

  async close(): Promise<void> {
    await this.#config.ownedClient?.close();
  }

  /** The `{ ping: 1 }` command on the tokens' database. */
  async ping(): Promise<void> {
    await this.#records.db.command({ ping: 1 });
  }

  describe(): string {
    return `mongodb namespace=${JSON.stringify(this.#records.namespace)}`;
  }

  /**
   * Without write leases, conditional writes are only as atomic as the server makes them
   * (FerretDB v1 re-checks no filter: FerretDB issue 3040); with them, or on MongoDB, they are.
   */
  async capabilities(): Promise<Capabilities> {
    if ((await this.#ready()) !== undefined) return {};
    const atomic = await hasAtomicConditionalUpdates(this.#records.db);
    return atomic ? {} : { atomicConditionalWrites: false };
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

  async #replaceIfVersion(doc: TokenDocument, version: number): Promise<WriteResult> {
    try {
      const result = await this.#records.replaceOne(byIdAndVersion(doc._id, version), doc);
      return result.matchedCount === 1 ? OK : STALE;
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
