import { randomBytes } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { EncryptionOptions, TokenStore } from '@tokenstore/core';
import { assertSecretsSealedAtRest } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { motoClient, randomPrefix } from './helpers/moto.js';

// Core's encryption at rest over this store: the whole suite, and no plaintext secret in any
// secret's name, metadata or any version of its value (old versions stay readable by id).
let server: MotoServer;
let client: SecretsManagerClient;
const prefixOf = new WeakMap<TokenStore, string>();
const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
};

beforeAll(async () => {
  server = await startMoto();
  client = motoClient(server);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

function open(prefix: string, options: EncryptionOptions = encryption): SecretsManagerTokenStore {
  const store = new SecretsManagerTokenStore({
    client,
    prefix,
    encryption: options,
    // moto handles one request at a time: a batch of saves waits in its queue, seconds on a
    // loaded 2-core machine (the 10 s default failed a CI run at load 20). Timeouts have their
    // own tests (errors.test.ts).
    operationTimeoutMs: 60_000,
  });
  prefixOf.set(store, prefix);
  return store;
}

describeTokenStore('SecretsManagerTokenStore with encryption at rest', {
  create: () => open(randomPrefix()),
  reopen: (store) => open(prefixOf.get(store)!),
  open: (prefix) => open(prefix),
  // One model-based run (each crosses hundreds of tokens, about 50 s on moto): the plain suite
  // runs two on this store, and encryption is core's codec, the same over every backend (it runs
  // the model on each of them). TOKENSTORE_CONFORMANCE_RUNS turns it up.
  runs: Number(process.env.TOKENSTORE_CONFORMANCE_RUNS ?? 1),
  timeoutMs: 600_000,
});

/** Every secret under the prefix (deleted ones too) with its metadata and every version's value. */
async function dumpPrefix(prefix: string): Promise<string> {
  const parts: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: [prefix] }],
        IncludePlannedDeletion: true,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    for (const { Name } of page.SecretList ?? []) {
      const described = await client.send(new DescribeSecretCommand({ SecretId: Name }));
      parts.push(JSON.stringify(described));
      if (described.DeletedDate !== undefined) continue; // values unreadable until restored
      const versions = await client.send(
        new ListSecretVersionIdsCommand({ SecretId: Name, IncludeDeprecated: true }),
      );
      for (const { VersionId } of versions.Versions ?? []) {
        const value = await client.send(new GetSecretValueCommand({ SecretId: Name, VersionId }));
        parts.push(value.SecretString ?? '');
      }
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken !== undefined);
  return parts.join('\n');
}

it('keeps no plaintext secret in any secret name, metadata or version value', async () => {
  await assertSecretsSealedAtRest({
    create: (options) => open(randomPrefix(), options),
    dump: (store) => dumpPrefix(prefixOf.get(store)!),
  });
});
