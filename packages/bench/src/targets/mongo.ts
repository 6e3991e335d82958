import { createHash } from 'node:crypto';
import { type TokenRecord, UNIQUE_KEY_KINDS } from '@tokenstore/core/backend';
import type { Collection, Document } from 'mongodb';
import type { BenchToken } from '../token-fixtures.js';
import { seedRecord } from './seed-record.js';
import type { BenchTarget, OpenTarget, RawDriver } from './target.js';

const DATABASE = 'bench';
const COLLECTION = 'tokens';
const INSERT_BATCH = 1_000;

/**
 * The document MongoTokenStore writes for a record (its README's "stored documents": `_id`, `v`,
 * `k` with a digest or a per-document placeholder for every kind, `d`). The package keeps its
 * encoder private, so it is restated here; the suite's format check compares the result with a
 * document written by saveToken, so a change in the store fails the run instead of skewing it.
 * Benchmark ids are UUIDs, which the store keeps as they are.
 */
function storeDocument(record: TokenRecord): Document {
  const k: Record<string, string> = {};
  for (const kind of UNIQUE_KEY_KINDS) k[kind] = record.keys[kind] ?? `!${record.id}`;
  const r = createHash('sha256').update(record.data).digest('base64url');
  return { _id: record.id, v: record.version, k, d: record.data, r };
}

function rawDocument(t: BenchToken): Document {
  const { id, ...fields } = t;
  return { _id: id, ...fields, version: 1 };
}

/** A hand-written collection of plain token documents with the same unique indexes. */
class MongoDriver implements RawDriver {
  readonly label = 'mongodb driver findOne/updateOne on indexed fields of plain documents';
  readonly #raw: Collection<Document>;

  constructor(raw: Collection<Document>) {
    this.#raw = raw;
  }

  async createIndexes(): Promise<void> {
    // One by one: FerretDB v1.24 mishandles several in one createIndexes.
    for (const key of [
      { userName: 1 },
      { accessToken: 1 },
      { clientId: 1, refreshToken: 1 },
      { clientId: 1, grantToken: 1 },
    ]) {
      await this.#raw.createIndex(key, { unique: true });
    }
  }

  insert(t: BenchToken): Promise<unknown> {
    return this.#raw.insertOne(rawDocument(t));
  }

  async insertMany(tokens: readonly BenchToken[]): Promise<void> {
    await this.#raw.insertMany(tokens.map(rawDocument), { ordered: false });
  }

  delete(t: BenchToken): Promise<unknown> {
    return this.#raw.deleteOne({ _id: t.id as unknown as Document['_id'] });
  }

  updateByUserName(t: BenchToken, accessToken: string, expiresAt: number): Promise<unknown> {
    return this.#raw.updateOne(
      { userName: t.userName },
      { $set: { accessToken, expiresAt }, $inc: { version: 1 } },
    );
  }

  findByUserName(t: BenchToken): Promise<unknown> {
    return this.#raw.findOne({ userName: t.userName });
  }

  findByAccessToken(t: BenchToken): Promise<unknown> {
    return this.#raw.findOne({ accessToken: t.accessToken });
  }

  findByClientRefresh(t: BenchToken): Promise<unknown> {
    return this.#raw.findOne({ clientId: t.clientId, refreshToken: t.refreshToken });
  }

  findByClientGrant(t: BenchToken): Promise<unknown> {
    return this.#raw.findOne({ clientId: t.clientId, grantToken: t.grantToken });
  }

  findById(t: BenchToken): Promise<unknown> {
    return this.#raw.findOne({ _id: t.id as unknown as Document['_id'] });
  }

  async scanAll(): Promise<number> {
    let n = 0;
    for await (const _ of this.#raw.find({}, { sort: { _id: 1 }, batchSize: 100 })) n++;
    return n;
  }
}

/**
 * FerretDB v1.24 (MongoDB wire protocol on SQLite) started by the benchmark, or MONGODB_URL.
 */
export const mongoTarget: BenchTarget = {
  name: 'mongo',
  maxTokens: {
    count: 5_000,
    why: 'FerretDB v1.24 (the MongoDB-compatible server that installs here) answers these finds by reading every document rather than from the unique indexes: a find takes seconds at 20k tokens, so larger sizes would measure FerretDB, not the store; a real mongod serves them from the indexes',
  },
  concurrency: true,
  async open(): Promise<OpenTarget> {
    const { MongoTokenStore } = await import('@tokenstore/store-mongo');
    const { MongoClient } = await import('mongodb');
    const { startFerretDB } = await import('@tokenstore/test-servers');
    const server = await startFerretDB();
    const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.connect();
      const db = client.db(DATABASE);
      const records = db.collection<Document>(COLLECTION);
      // A long timeout: 64 concurrent callers queue on FerretDB for seconds; a timeout would
      // end the benchmark rather than measure it.
      const store = new MongoTokenStore({
        client,
        database: DATABASE,
        collection: COLLECTION,
        operationTimeoutMs: 120_000,
      });
      const raw = new MongoDriver(db.collection('raw_tokens'));
      await raw.createIndexes();
      return {
        store,
        raw,
        async seedStore(tokens, updatedAt) {
          for (let at = 0; at < tokens.length; at += INSERT_BATCH) {
            const docs = tokens
              .slice(at, at + INSERT_BATCH)
              .map((t) => storeDocument(seedRecord(t, updatedAt)));
            await records.insertMany(docs, { ordered: false });
          }
        },
        async seedRaw(tokens) {
          for (let at = 0; at < tokens.length; at += INSERT_BATCH) {
            await raw.insertMany(tokens.slice(at, at + INSERT_BATCH));
          }
        },
        readStored: (id) => records.findOne({ _id: id as unknown as Document['_id'] }),
        async close() {
          await store.close();
          await client.close();
          await server.stop();
        },
      };
    } catch (error) {
      await client.close();
      await server.stop();
      throw error;
    }
  },
};
