import { randomBytes } from 'node:crypto';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { isTokenStoreError } from '@tokenstore/core';
import { type MotoServer, SdkCallCounter, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { motoClient, randomPrefix } from './helpers/moto.js';
import { readRecordSecret } from './helpers/record-secret.js';

// Secret values hold at most 65,536 bytes (moto does not enforce it; AWS does). Records are
// stored compressed, so the limit is on the compressed size: random base64url text (as tokens
// are) compresses to about three quarters.
let server: MotoServer;
let client: SecretsManagerClient;
let counter: SdkCallCounter;

beforeAll(async () => {
  server = await startMoto();
  client = motoClient(server);
  counter = new SdkCallCounter(client);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

const LIMIT = 65_536;

/** Random token-like text (base64url), hard to compress like a real token. */
function tokenText(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** The bytes of the record secret holding `id`, read directly from the service. */
async function storedBytes(prefix: string, id: string): Promise<number> {
  const listed = await client.send(
    new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`${prefix}r/`] }] }),
  );
  for (const { Name } of listed.SecretList ?? []) {
    const value = await client.send(
      new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSCURRENT' }),
    );
    if (value.SecretBinary && readRecordSecret(value.SecretBinary).record.id === id) {
      return value.SecretBinary.byteLength;
    }
  }
  throw new Error('record secret not found');
}

describe('a token too large for a secret', () => {
  it('is rejected with INVALID_TOKEN by the write, before any key is claimed: only the lookup is read', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    const accessToken = tokenText(100_000);
    const { result, counts } = await counter.during(() =>
      rejection(store.saveToken({ userName: 'big', accessToken })),
    );
    expect(isTokenStoreError(result, 'INVALID_TOKEN')).toBe(true);
    expect((result as Error).message).not.toContain(accessToken.slice(0, 20));
    expect(counts).toEqual({ GetSecretValue: 1 });
  });

  it('is measured exactly: the largest accepted token fills the 65,536 bytes', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix });
    const text = tokenText(100_000);
    // Binary search for the longest prefix of `text` that is accepted; each accepted probe is
    // written, each rejected one writes nothing (a save by id reads the stored record first, to
    // merge onto it, so one read is allowed).
    let accepted = 1_000;
    let rejected = 100_000;
    while (rejected - accepted > 1) {
      const length = Math.floor((accepted + rejected) / 2);
      const id = `probe-${String(length).padStart(6, '0')}`;
      const { result, counts } = await counter.during(() =>
        rejection(store.saveToken({ id, accessToken: text.slice(0, length) })),
      );
      if (result === undefined) accepted = length;
      else {
        expect(isTokenStoreError(result, 'INVALID_TOKEN')).toBe(true);
        expect(Object.keys(counts).filter((call) => call !== 'GetSecretValue')).toEqual([]);
        rejected = length;
      }
    }
    const size = await storedBytes(prefix, `probe-${String(accepted).padStart(6, '0')}`);
    console.info(`longest accepted random access token: ${accepted} characters, ${size} bytes`);
    // One more character adds at most a few bytes: no margin is given away below the limit.
    expect(size).toBeLessThanOrEqual(LIMIT);
    expect(size).toBeGreaterThan(LIMIT - 8);
  });

  it('an update that would grow past the limit is rejected and changes nothing', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    const saved = await store.saveToken({ userName: 'grow', accessToken: tokenText(50_000) });
    // Alone this input fits; merged with the stored access token it does not.
    const refreshToken = tokenText(40_000);
    const error = await rejection(
      store.saveToken({ userName: 'grow', refreshToken, clientId: 'c' }),
    );
    expect(isTokenStoreError(error, 'INVALID_TOKEN')).toBe(true);
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    expect(await store.findToken({ clientId: 'c', clientSecret: 's', refreshToken })).toBeNull();
  });
});
