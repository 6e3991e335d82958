import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { ResourceExistsException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isTokenStoreError } from '@tokenstore/core';
import { closedPort } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerCallError, SecretsManagerTokenStore } from '../src/index.js';
import { SecretNames } from '../src/secret-names.js';
import { SecretsApi } from '../src/secrets-api.js';
import { SecretsManagerBackend } from '../src/secrets-manager-backend.js';
import { sanitizeError } from '../src/service-error.js';

// Failures of the service or the network: STORE_UNAVAILABLE, with a cause that holds no secret.
const SECRETS = {
  clientSecret: 'cs-SECRET-1',
  refreshToken: 'rt-SECRET-2',
  accessToken: 'at-SECRET-3',
  grantToken: 'gt-SECRET-4',
};
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function assertNoSecret(error: unknown): void {
  const shown = `${inspect(error, { depth: 10 })} ${String(error)} ${JSON.stringify(error)}`;
  for (const value of Object.values(SECRETS)) expect(shown).not.toContain(value);
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('a server that refuses connections', () => {
  it('fails every operation with STORE_UNAVAILABLE and a sanitized cause', async () => {
    const port = await closedPort(); // nothing listens there
    const store = new SecretsManagerTokenStore({
      prefix: 'dead/',
      clientConfig: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials },
    });
    const started = Date.now();
    const error = await failure(store.saveToken({ userName: 'u', clientId: 'c', ...SECRETS }));
    console.info(`refused connection reported after ${Date.now() - started} ms (SDK retries)`);
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(SecretsManagerCallError);
    expect((cause as SecretsManagerCallError).code).toMatch(/^[A-Za-z0-9_.:-]+$/);
    assertNoSecret(error);
    for (const operation of [
      () => store.findTokenById('x'),
      () => store.findToken({ accessToken: SECRETS.accessToken }),
      () => store.deleteToken('x'),
      () => store.getTokens(),
      () => store.deleteTokens(),
    ]) {
      const other = await failure(operation());
      expect(isTokenStoreError(other, 'STORE_UNAVAILABLE')).toBe(true);
      assertNoSecret(other);
    }
    await store.close();
  }, 60_000);
});

describe('a server that accepts connections and never answers', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('times out with STORE_UNAVAILABLE after operationTimeoutMs', async () => {
    const store = new SecretsManagerTokenStore({
      prefix: 'hung/',
      operationTimeoutMs: 1_000,
      clientConfig: { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials },
    });
    const started = Date.now();
    const error = await failure(store.findToken({ accessToken: SECRETS.accessToken }));
    const elapsed = Date.now() - started;
    console.info(`hung server reported after ${elapsed} ms (operationTimeoutMs 1000)`);
    expect(isTokenStoreError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect(elapsed).toBeLessThan(20_000); // a bound, not a speed assertion: it does not hang
    assertNoSecret(error);
    await store.close();
  }, 30_000);

  it('a read whose call signal aborts settles at once, with the service still silent', async () => {
    const client = new SecretsManagerClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials,
    });
    const backend = new SecretsManagerBackend({
      api: new SecretsApi(client, { kmsKeyId: undefined, tags: undefined }),
      names: new SecretNames('hung/'),
      ownedClient: null,
      removal: { force: true },
      claimTimeoutMs: 60_000,
      waitMs: 5_000,
      region: undefined,
    });
    try {
      for (const read of [
        (signal: AbortSignal) => backend.get('some-id', { signal }),
        (signal: AbortSignal) => backend.findByKey('userName', 'ab'.repeat(16), { signal }),
      ]) {
        const controller = new AbortController();
        const pending = read(controller.signal).then(
          () => 'resolved',
          () => 'rejected',
        );
        // What core does once the call outlived operationTimeoutMs: without the signal the
        // SDK would wait on this server for as long as it stays silent.
        setTimeout(() => controller.abort(new Error('the store gave up on this call')), 100);
        const outcome = await Promise.race([
          pending,
          new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
        ]);
        expect(outcome).toBe('rejected');
      }
    } finally {
      client.destroy();
    }
  }, 30_000);
});

describe('sanitizeError', () => {
  it('keeps the error name, HTTP status and request id, and drops the message', () => {
    const sdkError = new ResourceExistsException({
      message: `the service quoted ${SECRETS.refreshToken}`,
      $metadata: { httpStatusCode: 400, requestId: 'req-123' },
    });
    const clean = sanitizeError('CreateSecret', sdkError);
    expect(clean).toMatchObject({
      code: 'ResourceExistsException',
      command: 'CreateSecret',
      httpStatusCode: 400,
      requestId: 'req-123',
    });
    expect(clean.message).toBe(
      'Secrets Manager CreateSecret failed: ResourceExistsException, HTTP 400, request req-123',
    );
    expect(clean.cause).toBeUndefined();
    assertNoSecret(clean);
  });

  it('uses a network error code and never free text as the code', () => {
    const network = Object.assign(new Error(`connect ECONNREFUSED ${SECRETS.accessToken}`), {
      code: 'ECONNREFUSED',
    });
    expect(sanitizeError('GetSecretValue', network).code).toBe('ECONNREFUSED');
    const odd = { name: `not a name ${SECRETS.grantToken}` };
    expect(sanitizeError('GetSecretValue', odd).code).toBe('UnknownError');
  });
});
