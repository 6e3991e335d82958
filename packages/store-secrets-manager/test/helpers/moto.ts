import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll } from 'vitest';
import { SecretsManagerTokenStore, type SecretsManagerTokenStoreOptions } from '../../src/index.js';
import { SecretNames } from '../../src/secret-names.js';
import { SecretsApi } from '../../src/secrets-api.js';
import { SecretsManagerBackend } from '../../src/secrets-manager-backend.js';

/** A fresh namespace per store, so tests sharing one moto never see each other's secrets. */
export function randomPrefix(): string {
  return `t/${randomUUID()}/`;
}

/** Client settings for moto: its endpoint, region and dummy credentials. */
export function motoClientConfig(server: MotoServer) {
  return {
    endpoint: server.endpoint,
    region: server.region,
    credentials: { ...server.credentials },
  };
}

/** A client of the caller's own, as an application would pass in. */
export function motoClient(server: MotoServer): SecretsManagerClient {
  return new SecretsManagerClient(motoClientConfig(server));
}

/** A store on moto that creates its own client. */
export function motoStore(
  server: MotoServer,
  options: SecretsManagerTokenStoreOptions = {},
): SecretsManagerTokenStore {
  return new SecretsManagerTokenStore({
    prefix: randomPrefix(),
    clientConfig: motoClientConfig(server),
    ...options,
  });
}

/**
 * Starts moto for this test file (or uses AWS_ENDPOINT_URL_SECRETS_MANAGER's), with a client of
 * the test's own; both are stopped after the file's tests. Await it at the top of the file.
 */
export async function useMoto(): Promise<{ server: MotoServer; client: SecretsManagerClient }> {
  const server = await startMoto();
  const client = motoClient(server);
  afterAll(async () => {
    client.destroy();
    await server.stop();
  });
  return { server, client };
}

/** A bare backend on a fresh prefix through `client` (for checks that wrap the backend). */
export function motoBackend(client: SecretsManagerClient): SecretsManagerBackend {
  return new SecretsManagerBackend({
    api: new SecretsApi(client, { kmsKeyId: undefined, tags: undefined }),
    names: new SecretNames(randomPrefix()),
    ownedClient: null,
    removal: { force: true },
    claimTimeoutMs: 60_000,
    waitMs: 5_000,
    region: undefined,
  });
}
