import {
  DescribeSecretCommand,
  ListSecretsCommand,
  RestoreSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { randomPrefix, useMoto } from './helpers/moto.js';

// A deleted secret keeps its name for its recovery window: saving the token again must work.
const { client } = await useMoto();

async function planned(prefix: string) {
  const listed = await client.send(
    new ListSecretsCommand({
      Filters: [{ Key: 'name', Values: [prefix] }],
      IncludePlannedDeletion: true,
    }),
  );
  return (listed.SecretList ?? []).map((s) => ({ name: s.Name, deleted: s.DeletedDate }));
}

describe('deleted tokens and the recovery window', () => {
  it('deleteToken schedules the record for deletion and deletes its index secrets at once', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix, recoveryWindowInDays: 10 });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect(await store.deleteToken(saved.id)).toBe(true);
    const left = await planned(prefix);
    expect(left).toHaveLength(1);
    expect(left[0]?.name).toMatch(/\/r\//);
    const days = ((left[0]?.deleted?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(10);
  });

  it('saving the same id again restores the secret and holds only the new token', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix });
    await store.saveToken({ id: 'fixed', userName: 'old-user', accessToken: 'old', expiresAt: 1 });
    expect(await store.deleteToken('fixed')).toBe(true);
    expect(await store.findTokenById('fixed')).toBeNull();

    const again = await store.saveToken({ id: 'fixed', accessToken: 'new' });
    expect(again).toEqual({
      id: 'fixed',
      accessToken: 'new',
      version: 1,
      updatedAt: expect.any(Number),
    });
    expect(await store.findTokenById('fixed')).toEqual(again);
    expect(await store.findToken({ userName: 'old-user' })).toBeNull();
    expect(await store.findToken({ accessToken: 'new' })).toEqual(again);
    const left = await planned(prefix);
    expect(left.every((s) => s.deleted === undefined)).toBe(true);
    // And once more, through the same cycle.
    expect(await store.deleteToken('fixed')).toBe(true);
    expect(await store.saveToken({ id: 'fixed', userName: 'third', accessToken: 'x' })).toEqual({
      id: 'fixed',
      userName: 'third',
      accessToken: 'x',
      version: 1,
      updatedAt: expect.any(Number),
    });
  });

  it('saving the same keys under a new id after a delete works at once', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    const first = await store.saveToken({ userName: 'u', accessToken: 'a' });
    await store.deleteToken(first.id);
    const second = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect(second.id).not.toBe(first.id);
    expect(await store.findToken({ userName: 'u' })).toEqual(second);
  });

  it('deleteTokens, then saving the same ids again', async () => {
    const store = new SecretsManagerTokenStore({ client, prefix: randomPrefix() });
    await store.saveToken({ id: 'one', userName: 'u1', accessToken: 'a1' });
    await store.saveToken({ id: 'two', userName: 'u2', accessToken: 'a2' });
    await store.deleteTokens();
    expect(await store.getTokens()).toEqual([]);
    expect(await store.findTokenById('one')).toBeNull();
    await store.saveToken({ id: 'one', accessToken: 'b1' });
    expect(await store.getTokens()).toEqual([
      { id: 'one', accessToken: 'b1', version: 1, updatedAt: expect.any(Number) },
    ]);
  });

  it('forceDelete removes the secrets without a recovery window', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix, forceDelete: true });
    const saved = await store.saveToken({ id: 'gone', userName: 'u', accessToken: 'a' });
    await store.deleteToken(saved.id);
    expect(await planned(prefix)).toEqual([]);
    await store.saveToken({ id: 'gone', accessToken: 'b' });
    await store.deleteTokens();
    expect(await planned(prefix)).toEqual([]);
  });

  it('a restored secret reads as deleted (tombstone), never as the old token', async () => {
    const prefix = randomPrefix();
    const store = new SecretsManagerTokenStore({ client, prefix });
    await store.saveToken({ id: 'tomb', userName: 'u', accessToken: 'a' });
    await store.deleteToken('tomb');
    const [record] = await planned(prefix);
    await client.send(new RestoreSecretCommand({ SecretId: record?.name }));
    expect(await store.findTokenById('tomb')).toBeNull();
    expect(await store.getTokens()).toEqual([]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: record?.name }));
    expect(described.DeletedDate).toBeUndefined();
  });

  it('refuses a recovery window outside 7 to 30 days', () => {
    for (const recoveryWindowInDays of [6, 31, 7.5]) {
      expect(() => new SecretsManagerTokenStore({ client, recoveryWindowInDays })).toThrow(
        RangeError,
      );
    }
  });
});
