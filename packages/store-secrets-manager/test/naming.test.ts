import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { randomPrefix, useMoto } from './helpers/moto.js';
import { readRecordSecret } from './helpers/record-secret.js';

// What the store creates in Secrets Manager, read directly with the SDK.
const { client } = await useMoto();

async function secretsUnder(prefix: string) {
  const listed = await client.send(
    new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 100 }),
  );
  return Promise.all(
    (listed.SecretList ?? []).map(async ({ Name }) => {
      const described = await client.send(new DescribeSecretCommand({ SecretId: Name }));
      const value = await client.send(
        new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSCURRENT' }),
      );
      return { described, value: value.SecretString, binary: value.SecretBinary };
    }),
  );
}

const DIGEST = '[A-Za-z0-9_-]{43}';

describe('the secrets a store creates', () => {
  it('hold no token value and no id in names, descriptions or tags; only in the value', async () => {
    const prefix = randomPrefix();
    const tags = { team: 'identity', env: 'test' };
    const store = new SecretsManagerTokenStore({ client, prefix, tags });
    const token = {
      id: 'id with spaces/and:colons\u0000',
      userName: 'someone@example.com:123',
      clientId: 'client-id-value',
      clientSecret: 'client-secret-value',
      refreshToken: 'refresh-token-value',
      grantToken: 'grant-token-value',
      accessToken: 'access-token-value',
    };
    await store.saveToken(token);

    const secrets = await secretsUnder(prefix);
    const names = secrets.map((s) => s.described.Name ?? '').sort();
    const escaped = prefix.replace(/[/]/g, '\\/');
    expect(names).toHaveLength(5);
    for (const kind of ['accessToken', 'grantToken', 'refreshToken', 'userName']) {
      expect(names.some((n) => new RegExp(`^${escaped}k/${kind}/${DIGEST}$`).test(n))).toBe(true);
    }
    expect(names.filter((n) => new RegExp(`^${escaped}r/${DIGEST}$`).test(n))).toHaveLength(1);

    const values = Object.values(token);
    for (const { described } of secrets) {
      const metadata = JSON.stringify({
        name: described.Name,
        description: described.Description,
        tags: described.Tags,
      });
      for (const value of values) expect(metadata).not.toContain(value);
      expect(described.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'team', Value: 'identity' },
          { Key: 'env', Value: 'test' },
        ]),
      );
    }
    // The record's value holds the token (and the id exactly); an index's value names the id.
    const record = secrets.find((s) => s.described.Name?.includes('/r/'));
    expect(record?.value).toBeUndefined(); // a binary secret
    const stored = readRecordSecret(record?.binary ?? new Uint8Array());
    expect(stored.format).toBe(1);
    expect(stored.record.id).toBe(token.id);
    expect(stored.record.version).toBe(1);
    expect(JSON.parse(stored.record.data)).toMatchObject({ accessToken: 'access-token-value' });
    const indexes = secrets.filter((s) => s.described.Name?.includes('/k/'));
    for (const index of indexes) {
      expect(JSON.parse(index.value ?? '')).toEqual({ id: token.id, version: 1 });
      // The record knows each index secret by its ARN's random suffix.
      expect(stored.suffixes).toContain(index.described.ARN?.slice(-6));
    }
  });

  it('a refresh replaces the access token index and leaves no secret of the old one', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix });
    await store.saveToken({ userName: 'u', accessToken: 'first' });
    await store.saveToken({ userName: 'u', accessToken: 'second' });
    expect(await secretsUnder(prefix)).toHaveLength(3); // record, userName, accessToken
    expect(await store.findToken({ accessToken: 'first' })).toBeNull();
    expect(await store.findToken({ accessToken: 'second' })).toMatchObject({ version: 2 });
  });

  it('refuses a prefix with characters a secret name cannot hold', () => {
    expect(() => new SecretsManagerTokenStore({ client, prefix: 'has space/' })).toThrow(
      RangeError,
    );
    expect(() => new SecretsManagerTokenStore({ client, prefix: 'x'.repeat(500) })).toThrow(
      RangeError,
    );
  });

  it('keeps stores whose prefix extends another apart', async () => {
    const outer = randomPrefix();
    const a = new SecretsManagerTokenStore({ client, prefix: outer });
    const b = new SecretsManagerTokenStore({ client, prefix: `${outer}r/` });
    const c = new SecretsManagerTokenStore({ client, prefix: `${outer}k/` });
    await a.saveToken({ userName: 'a', accessToken: 'a' });
    await b.saveToken({ userName: 'b', accessToken: 'b' });
    await c.saveToken({ userName: 'c', accessToken: 'c' });
    expect((await a.getTokens()).map((t) => t.userName)).toEqual(['a']);
    await a.deleteTokens();
    expect((await b.getTokens()).map((t) => t.userName)).toEqual(['b']);
    expect((await c.getTokens()).map((t) => t.userName)).toEqual(['c']);
  });
});
