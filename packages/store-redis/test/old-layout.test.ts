import { encodeRecord, normalizeToken, type TokenRecord } from '@tokenstore/core/backend';
import { describe, expect, it } from 'vitest';
import { KeyLayout, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();

const FIELDS = {
  userName: 'k:userName',
  accessToken: 'k:accessToken',
  refreshToken: 'k:refreshToken',
  grantToken: 'k:grantToken',
} as const;

/**
 * Writes a token as stores before copies did (the README's layout of then): the record hash,
 * each unique key holding the bare `<member>`, and the `ids` entry.
 */
async function writeOldLayout(layout: KeyLayout, id: string, token: object): Promise<TokenRecord> {
  const record = encodeRecord({ ...normalizeToken(token), id, updatedAt: 1_700_000_000_000 }, 3);
  const member = layout.member(id);
  const hash: Record<string, string> = {
    i: JSON.stringify(id),
    v: String(record.version),
    d: record.data,
  };
  for (const [kind, field] of Object.entries(FIELDS)) {
    const digest = record.keys[kind as keyof typeof FIELDS];
    if (digest === undefined) continue;
    hash[field] = digest;
    await redis.raw.set(layout.unique(kind as keyof typeof FIELDS, digest), member);
  }
  await redis.raw.hset(layout.record(member), hash);
  await redis.raw.zadd(layout.ids, 0, member);
  return record;
}

const full = (n: string) => ({
  userName: `old-user-${n}`,
  clientId: 'client',
  clientSecret: 'client-secret',
  accessToken: `old-access-${n}`,
  refreshToken: `old-refresh-${n}`,
  grantToken: `old-grant-${n}`,
});

describe('data written before unique keys held copies', () => {
  it('is found by every key, by id and by tokens(), then migrated by its next write', async () => {
    const prefix = randomPrefix();
    const layout = new KeyLayout(prefix);
    const record = await writeOldLayout(layout, 'old-1', full('1'));
    const store = new RedisTokenStore({ url: redis.server.url, prefix });
    const expected = { id: 'old-1', version: 3, updatedAt: 1_700_000_000_000, ...full('1') };

    for (const query of [
      { userName: 'old-user-1' },
      { accessToken: 'old-access-1' },
      { clientId: 'client', clientSecret: 's', refreshToken: 'old-refresh-1' },
      { clientId: 'client', clientSecret: 's', grantToken: 'old-grant-1' },
    ]) {
      expect(await store.findToken(query)).toEqual(expected);
    }
    expect(await store.findTokenById('old-1')).toEqual(expected);
    expect(await store.getTokens()).toEqual([expected]);

    // A new token cannot take a key the old-layout token holds.
    await expect(
      store.saveToken({ userName: 'someone-else', accessToken: 'old-access-1' }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });

    // A refresh writes the copies: every key the token holds now carries it, the old access
    // token's key is gone.
    const saved = await store.saveToken({ userName: 'old-user-1', accessToken: 'new-access-1' });
    expect(saved).toMatchObject({ version: 4, accessToken: 'new-access-1' });
    const member = layout.member('old-1');
    expect(
      await redis.raw.exists(layout.unique('accessToken', record.keys.accessToken ?? '')),
    ).toBe(0);
    const after = await redis.raw.hgetall(layout.record(member));
    for (const field of Object.values(FIELDS)) {
      const kind = field.slice(2) as keyof typeof FIELDS;
      const value = await redis.raw.get(layout.unique(kind, after[field] ?? ''));
      expect(value?.startsWith(`${member}\n4\n`)).toBe(true);
    }
    expect(await store.findToken({ accessToken: 'new-access-1' })).toEqual(saved);
    expect(await store.findToken({ accessToken: 'old-access-1' })).toBeNull();
    await store.close();
  });

  it('is deleted with all its keys, beside tokens in the current layout', async () => {
    const prefix = randomPrefix();
    const layout = new KeyLayout(prefix);
    await writeOldLayout(layout, 'old-2', full('2'));
    const store = new RedisTokenStore({ url: redis.server.url, prefix });
    const current = await store.saveToken(full('3'));
    expect(await store.findToken({ userName: 'old-user-2' })).toMatchObject({ id: 'old-2' });
    expect(await store.deleteToken('old-2')).toBe(true);
    expect(await store.findToken({ accessToken: 'old-access-2' })).toBeNull();
    expect(await store.getTokens()).toEqual([current]);
    await store.deleteTokens();
    expect(await redis.raw.keys(`{${prefix}}*`)).toEqual([]);
    await store.close();
  });
});
