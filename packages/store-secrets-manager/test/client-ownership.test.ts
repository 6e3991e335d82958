import { inspect } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isTokenStoreError } from '@tokenstore/core';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { motoClient, motoClientConfig, randomPrefix } from './helpers/moto.js';

let server: MotoServer;

beforeAll(async () => {
  server = await startMoto();
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server?.stop();
});

describe('the client', () => {
  it('passed in stays open and usable after close()', async () => {
    const client = motoClient(server);
    const destroy = vi.spyOn(client, 'destroy');
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    await store.saveToken({ userName: 'u', accessToken: 'a' });
    await store.close();
    expect(destroy).not.toHaveBeenCalled();
    const other = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    expect(await other.saveToken({ userName: 'v', accessToken: 'b' })).toMatchObject({
      version: 1,
    });
    client.destroy();
  });

  it('created by the store is destroyed by close(), and the store then rejects every call', async () => {
    const destroy = vi.spyOn(SecretsManagerClient.prototype, 'destroy');
    const store = new SecretsManagerTokenStore({
      prefix: randomPrefix(),
      clientConfig: motoClientConfig(server),
    });
    await store.saveToken({ userName: 'u', accessToken: 'a' });
    await store.close();
    expect(destroy).toHaveBeenCalledTimes(1);
    const error = await store.findToken({ userName: 'u' }).catch((e: unknown) => e);
    expect(isTokenStoreError(error, 'STORE_CLOSED')).toBe(true);
    const oversized = await store
      .saveToken({ accessToken: 'x'.repeat(70_000) })
      .catch((e: unknown) => e);
    expect(isTokenStoreError(oversized, 'STORE_CLOSED')).toBe(true);
    await store.close(); // idempotent
    expect(destroy).toHaveBeenCalledTimes(1);
    destroy.mockRestore();
  });

  it('is configured by region and clientConfig; inspect shows the prefix and region only', async () => {
    const store = new SecretsManagerTokenStore({
      region: 'eu-west-1',
      prefix: 'app/tokens/',
      clientConfig: { credentials: { accessKeyId: 'AKIDSECRETISH', secretAccessKey: 'sssh' } },
    });
    const shown = inspect(store, { depth: 10 });
    expect(shown).toBe(
      'SecretsManagerTokenStore { secrets-manager region=eu-west-1 prefix="app/tokens/" }',
    );
    await store.close();
  });
});
