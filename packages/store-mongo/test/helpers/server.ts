import { randomUUID } from 'node:crypto';
import { type MongoServer, startFerretDB } from '@tokenstore/test-servers';
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';

/** The database every test store lives in; each store gets a fresh collection in it. */
export const DATABASE = 'tokenstore_test';

/** A collection name no other test uses. */
export function freshCollection(): string {
  return `t${randomUUID().replaceAll('-', '')}`;
}

export interface TestServer {
  readonly server: MongoServer;
  /** A client of the test's own, closed after the file. */
  readonly client: MongoClient;
  /** True when the server is FerretDB (its `buildInfo` names a FerretDB version). */
  readonly ferretdb: boolean;
}

/**
 * Starts FerretDB for this test file (or uses MONGODB_URL's server), with a client on it; both are
 * stopped after the file. Fails, naming scripts/install-test-servers, when FerretDB is missing.
 */
export async function useServer(): Promise<TestServer> {
  const server = await startFerretDB();
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 10_000 });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  const info = await client.db('admin').command({ buildInfo: 1 });
  return { server, client, ferretdb: 'ferretdbVersion' in info };
}
