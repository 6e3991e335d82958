import {
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { isTokenStoreError } from '@tokenstore/core';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { CallCounter } from './helpers/call-counter.js';
import { motoClient, randomPrefix } from './helpers/moto.js';

// Secret values hold at most 65,536 bytes (moto does not enforce it; AWS does).
let server: MotoServer;
let client: SecretsManagerClient;
let counter: CallCounter;

beforeAll(async () => {
  server = await startMoto();
  client = motoClient(server);
  counter = new CallCounter(client);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

const LIMIT = 65_536;

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function storedBytes(prefix: string, store: SecretsManagerTokenStore, id: string) {
  // The record's secret, read directly: its value is exactly what the store wrote.
  const all = await store.getTokens();
  expect(all.map((t) => t.id)).toContain(id);
  const listed = await client.send(
    new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`${prefix}r/`] }] }),
  );
  for (const { Name } of listed.SecretList ?? []) {
    const value = await client.send(
      new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSCURRENT' }),
    );
    if (JSON.parse(value.SecretString ?? '{}').id === id) {
      return Buffer.byteLength(value.SecretString ?? '', 'utf8');
    }
  }
  throw new Error('record secret not found');
}

describe('a token too large for a secret', () => {
  it('is rejected with INVALID_TOKEN before any call to the service', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    const { result, counts } = await counter.during(() =>
      rejection(store.saveToken({ userName: 'big', accessToken: 'x'.repeat(70_000) })),
    );
    expect(isTokenStoreError(result, 'INVALID_TOKEN')).toBe(true);
    expect((result as Error).message).not.toContain('xxxx');
    expect(counts).toEqual({});
  });

  it('is measured exactly: a record of 65,536 bytes is saved, one of 65,537 is not', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix });
    // Multi-byte characters count as their UTF-8 bytes (and JSON escapes as their escapes).
    const probe = await store.saveToken({ id: 'probe-000', accessToken: 'é"' });
    const base = await storedBytes(prefix, store, probe.id);
    // Each 'a' adds one byte; the same id length and one key, so the size is linear.
    const fill = 'a'.repeat(LIMIT - base);
    const exact = await store.saveToken({ id: 'exact-000', accessToken: `é"${fill}` });
    expect(await storedBytes(prefix, store, exact.id)).toBe(LIMIT);

    const { result, counts } = await counter.during(() =>
      rejection(store.saveToken({ id: 'over1-000', accessToken: `é"${fill}a` })),
    );
    expect(isTokenStoreError(result, 'INVALID_TOKEN')).toBe(true);
    expect(counts).toEqual({});
    expect(await store.findTokenById('over1-000')).toBeNull();
  });

  it('an update that would grow past the limit is rejected and changes nothing', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    const saved = await store.saveToken({ userName: 'grow', accessToken: 'a'.repeat(40_000) });
    // Alone this input fits; merged with the stored access token it does not.
    const error = await rejection(
      store.saveToken({ userName: 'grow', refreshToken: 'r'.repeat(30_000), clientId: 'c' }),
    );
    expect(isTokenStoreError(error, 'INVALID_TOKEN')).toBe(true);
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    expect(
      await store.findToken({ clientId: 'c', clientSecret: 's', refreshToken: 'r'.repeat(30_000) }),
    ).toBeNull();
  });
});
