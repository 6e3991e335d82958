import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MotoServer, rejection, shownAnywhere, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';

// Errors an operator can act on (#20): no AWS credentials at all. The SDK's own default
// credential chain runs (environment, shared files, SSO, process, web identity, metadata) with
// nothing to find, against moto on loopback: the store must say so as STORE_MISCONFIGURED with
// the SDK's explanation, not as a transient failure.

const CLEARED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
];
const NOWHERE = join(tmpdir(), `tokenstore-no-aws-${process.pid}`, 'none');
const SET = {
  // No metadata service is ever asked (it is not on loopback); no shared file is found.
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SHARED_CREDENTIALS_FILE: NOWHERE,
  AWS_CONFIG_FILE: NOWHERE,
};

let moto: MotoServer;
const saved = new Map<string, string | undefined>();

beforeAll(async () => {
  moto = await startMoto();
  for (const name of [...CLEARED, ...Object.keys(SET)]) saved.set(name, process.env[name]);
  for (const name of CLEARED) delete process.env[name];
  Object.assign(process.env, SET);
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await moto?.stop();
});

describe('Secrets Manager without AWS credentials', () => {
  it('is STORE_MISCONFIGURED naming the store and the SDK explanation, not retryable, no secret shown', async () => {
    const store = new SecretsManagerTokenStore({
      prefix: `noauth-${process.pid}/`,
      clientConfig: { endpoint: moto.endpoint, region: moto.region, maxAttempts: 1 },
    });
    const tag = Math.random().toString(36).slice(2);
    const secrets = [`cs-secret-${tag}`, `rt-secret-${tag}`, `at-secret-${tag}`];
    const token = {
      userName: `u-${tag}`,
      clientId: 'c',
      clientSecret: secrets[0],
      refreshToken: secrets[1],
      accessToken: secrets[2],
    };
    const errors = [
      await rejection(store.saveToken(token)),
      await rejection(store.findToken({ userName: token.userName })),
    ];
    for (const error of errors) {
      expect(error.code).toBe('STORE_MISCONFIGURED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('secrets-manager region=us-east-1');
      expect(error.message).toMatch(/CredentialsProviderError: Could not load credentials/);
      expect(error.message).not.toMatch(/retrying may work/);
      for (const secret of secrets) expect(shownAnywhere(error)).not.toContain(secret);
    }
    await store.close();
  });

  it('the same store with credentials works (the server was fine: the error was the configuration)', async () => {
    const store = new SecretsManagerTokenStore({
      prefix: `auth-${process.pid}/`,
      clientConfig: { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials },
    });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect((await store.findTokenById(saved.id))?.accessToken).toBe('a');
    await store.deleteTokens();
    await store.close();
  });
});
