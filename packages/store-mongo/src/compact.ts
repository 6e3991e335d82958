import type { Collection, Document } from 'mongodb';

/**
 * The `compact` command on the tokens' collection: the storage engine rewrites it without the
 * space of overwritten and deleted documents. On FerretDB's SQLite backend that rebuilds the
 * collection's table (the old documents' bytes leave the file); on MongoDB's WiredTiger it
 * releases space, but the oplog of a replica set and earlier checkpoints still hold old
 * documents until they roll over (see the README).
 */
export async function compactCollection(records: Collection<Document>): Promise<void> {
  await records.db.command({ compact: records.collectionName, force: true });
}
