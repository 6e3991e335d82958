import { SdkCallCounter, startMoto } from '@tokenstore/test-servers';
import { describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { motoClient, randomPrefix } from './helpers/moto.js';

describe('ping', () => {
  it('costs one ListSecrets; STORE_UNAVAILABLE once moto is stopped, STORE_CLOSED once closed', async () => {
    const server = await startMoto();
    if (server.external) {
      throw new Error(
        'this test stops its own moto_server: unset AWS_ENDPOINT_URL_SECRETS_MANAGER',
      );
    }
    const client = motoClient(server);
    const calls = new SdkCallCounter(client);
    const store = new SecretsManagerTokenStore({ prefix: randomPrefix(), client });
    try {
      const { counts } = await calls.during(() => store.ping());
      expect(counts).toEqual({ ListSecrets: 1 });
      await server.stop();
      const failure = await store.ping().catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } finally {
      await server.stop();
      await store.close();
      client.destroy();
    }
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
