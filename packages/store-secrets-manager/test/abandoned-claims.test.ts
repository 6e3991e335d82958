import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { isTokenStoreError } from '@tokenstore/core';
import { digestKey } from '@tokenstore/core/backend';
import { describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { randomPrefix, useMoto } from './helpers/moto.js';

// Index secrets left behind by saves that never finished (a crashed process), written here
// directly with the SDK as such a save would have left them.
const { client } = await useMoto();

async function leaveClaim(prefix: string, userName: string, id: string, version: number) {
  const name = `${prefix}k/userName/${digestKey({ kind: 'userName', parts: [userName] })}`;
  await client.send(
    new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ id, version }) }),
  );
}

describe('a claim whose save never wrote its record', () => {
  it('blocks its key until claimTimeoutMs has passed, then is taken over', async () => {
    const prefix = randomPrefix();
    await leaveClaim(prefix, 'crashed', 'ghost', 1);
    const store = new SecretsManagerTokenStore({
      client,
      prefix,
      claimTimeoutMs: 2_000,
      operationTimeoutMs: 10_000,
    });
    expect(await store.findToken({ userName: 'crashed' })).toBeNull();
    const started = Date.now();
    // One unique key only (a refresh token without clientId is no key): a save holding an
    // earlier claim of its own while it waits could not write once that claim got old.
    const saved = await store.saveToken({ userName: 'crashed', refreshToken: 'r' });
    console.info(
      `abandoned claim taken over after ${Date.now() - started} ms (claimTimeoutMs 2000)`,
    );
    expect(await store.findToken({ userName: 'crashed' })).toEqual(saved);
  });

  it('fails a save that would wait too long with STORE_UNAVAILABLE, and writes nothing', async () => {
    const prefix = randomPrefix();
    await leaveClaim(prefix, 'crashed', 'ghost', 1);
    const store = new SecretsManagerTokenStore({ client, prefix, operationTimeoutMs: 2_000 });
    const error = await store.saveToken({ userName: 'crashed', accessToken: 'a' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect(await store.getTokens()).toEqual([]);
    expect(await store.findToken({ accessToken: 'a' })).toBeNull();
  });

  it('is taken over at once when its record has moved past the claimed version', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix });
    const holder = await store.saveToken({ userName: 'holder', accessToken: 'h' });
    await store.saveToken({ userName: 'holder', expiresAt: 5 }); // version 2
    // A claim of `taken` for the holder's version 2, which it never got: abandoned.
    await leaveClaim(prefix, 'taken', holder.id, 2);
    expect(await store.findToken({ userName: 'taken' })).toBeNull(); // core re-checks the record
    const saved = await store.saveToken({ userName: 'taken', accessToken: 't' });
    expect(await store.findToken({ userName: 'taken' })).toEqual(saved);
  });

  it('counts as a duplicate while its record holds the key', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    await store.saveToken({ userName: 'one', accessToken: 'shared' });
    const error = await store.saveToken({ userName: 'two', accessToken: 'shared' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTokenStoreError(error, 'DUPLICATE_KEY')).toBe(true);
    expect(await store.findToken({ userName: 'two' })).toBeNull();
  });
});
