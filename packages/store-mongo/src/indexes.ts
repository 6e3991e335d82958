import { TokenStoreError, UNIQUE_KEY_KINDS } from '@tokenstore/core/backend';
import { type Collection, type IndexDescription, MongoServerError } from 'mongodb';
import type { TokenDocument } from './document.js';
import { keyField } from './filters.js';

/** One unique index per key kind, named `tokenstore_<kind>`. */
export const KEY_INDEXES: readonly IndexDescription[] = UNIQUE_KEY_KINDS.map((kind) => ({
  key: { [keyField(kind)]: 1 },
  name: `tokenstore_${kind}`,
  unique: true,
}));

/** MongoDB's NamespaceNotFound: listIndexes of a collection that does not exist yet. */
const NAMESPACE_NOT_FOUND = 26;

function refused(
  records: Collection<TokenDocument>,
  why: string,
  cause?: unknown,
): TokenStoreError {
  // A collection set up by something else, or a server without such indexes: retrying the
  // same configuration cannot help.
  return new TokenStoreError(
    'STORE_MISCONFIGURED',
    `mongo: cannot set up the unique indexes tokenstore needs on ${records.namespace}: ${why}`,
    cause === undefined ? undefined : { cause },
  );
}

async function existingIndexes(records: Collection<TokenDocument>) {
  try {
    return await records.listIndexes().toArray();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

/**
 * Creates the unique indexes that are missing, one `createIndexes` command each, and checks the
 * ones already there. Listing first keeps set-up to one round trip once they exist, and creating
 * them one by one sidesteps FerretDB v1.24, whose `createIndexes` naming two or more existing
 * indexes panics and drops the connection. Creating an index that another process created
 * meanwhile is a no-op. A server that refuses unique indexes cannot keep tokens unique, so the
 * store refuses to work with an error that says which feature is missing.
 */
export async function createKeyIndexes(records: Collection<TokenDocument>): Promise<void> {
  const existing = new Map((await existingIndexes(records)).map((index) => [index.name, index]));
  for (const spec of KEY_INDEXES) {
    const name = spec.name as string;
    const found = existing.get(name);
    if (found !== undefined) {
      if (found.unique !== true || JSON.stringify(found.key) !== JSON.stringify(spec.key)) {
        throw refused(
          records,
          `an index named ${name} exists with other options (want ${JSON.stringify(spec.key)}, unique)`,
        );
      }
      continue;
    }
    try {
      await records.createIndexes([spec]);
    } catch (error) {
      if (!(error instanceof MongoServerError)) throw error;
      throw refused(
        records,
        `the server refused a unique index on an embedded field (${error.codeName ?? error.code})`,
        error,
      );
    }
  }
}
