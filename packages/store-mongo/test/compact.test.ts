import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EncryptionOptions } from '@tokenstore/core';
import { fullToken, unique } from '@tokenstore/core/conformance';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client, server, ferretdb } = await useServer();

function filesUnder(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir).map((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : readFileSync(path);
    }),
  );
}

// After reencrypt() reported every record rewritten, 80 of 80 plaintext secrets were still in
// FerretDB's files. reencrypt() now ends with the compact command (which removes them from the
// database file: without it 3 of 40 stayed there after a restart), and a restart of FerretDB
// removes its WAL.
describe('migrating a Mongo store to encryption', () => {
  it.runIf(ferretdb && !server.external && server.dir !== undefined)(
    'leaves no plaintext secret in FerretDB’s files after reencrypt() and a FerretDB restart',
    async () => {
      const collection = freshCollection();
      const plain = new MongoTokenStore({ client, database: DATABASE, collection });
      const secrets: string[] = [];
      for (let i = 0; i < 40; i++) {
        const token = fullToken({ refreshToken: unique('PLAIN-rt') });
        secrets.push(token.refreshToken as string);
        await plain.saveToken(token);
      }
      await plain.close();
      const encryption: EncryptionOptions = {
        keys: { k1: randomBytes(32) },
        currentKeyId: 'k1',
        indexKey: randomBytes(32),
        plaintextRecords: 'migrate',
      };
      const store = new MongoTokenStore({ client, database: DATABASE, collection, encryption });
      const leaked = () => {
        const bytes = filesUnder(server.dir as string);
        return secrets.filter((secret) => bytes.includes(Buffer.from(secret))).length;
      };
      expect(await store.reencrypt({ compact: false })).toMatchObject({ rewritten: 40 });
      const before = leaked();
      expect(before).toBeGreaterThan(0);
      expect(await store.compact()).toBe(true);
      // FerretDB's SQLite keeps old page images in its WAL until it closes the database: the
      // README tells operators to restart FerretDB after the migration.
      await server.restart();
      expect(leaked()).toBe(0);
      expect(await store.getTokens()).toHaveLength(40);
      await store.close();
    },
  );
});
