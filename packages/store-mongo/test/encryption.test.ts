import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EncryptionOptions } from '@tokenstore/core';
import { assertSecretsSealedAtRest, byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { BSON } from 'mongodb';
import { it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client, server, ferretdb } = await useServer();
const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
};
function open(collection: string, options: EncryptionOptions = encryption): MongoTokenStore {
  const store = new MongoTokenStore({
    client,
    database: DATABASE,
    collection,
    encryption: options,
  });
  return store;
}

describeTokenStore('MongoTokenStore with encryption at rest', {
  ...byNamespace((collection) => open(collection), freshCollection),
  // A slow server on a shared machine: fewer model-based runs (each crosses hundreds of
  // tokens), and room for them. TOKENSTORE_CONFORMANCE_RUNS turns it up.
  runs: Number(process.env.TOKENSTORE_CONFORMANCE_RUNS ?? 2),
  timeoutMs: 600_000,
});

/** Every file under a directory, as bytes: FerretDB keeps its data in SQLite files there. */
function filesUnder(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path)];
  });
}

/** Every document of every collection of the test database, and the server's files when ours. */
async function dumpEverything(): Promise<Buffer> {
  const db = client.db(DATABASE);
  const parts: Buffer[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const document of await db.collection(name).find({}).toArray()) {
      parts.push(Buffer.from(BSON.serialize(document)));
    }
  }
  if (ferretdb && !server.external && server.dir !== undefined)
    parts.push(...filesUnder(server.dir));
  return Buffer.concat(parts);
}

it('keeps no plaintext secret in any document, nor in the server’s files', async () => {
  await assertSecretsSealedAtRest({
    create: (options) => open(freshCollection(), options),
    dump: dumpEverything,
  });
});
