import { hash } from 'node:crypto';
import { digestKey } from '@tokenstore/core/backend';
import { describe, expect, it } from 'vitest';
import { KeyLayout, RedisBackend, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

// Reads Redis directly, so what the README promises about key names and contents is checked,
// not just that a round trip works.
const redis = useRedisServer();

describe('key layout', () => {
  it('stores a record hash, one key per unique key and an index entry, under {prefix}', async () => {
    const prefix = randomPrefix();
    const store = new RedisTokenStore({ url: redis.server.url, prefix });
    const id = 'id\u0000{with}braces\ud800';
    const saved = await store.saveToken({
      id,
      userName: 'user@example.com:1',
      clientId: 'client',
      clientSecret: 'client-secret',
      accessToken: 'access-secret',
      refreshToken: 'refresh-secret',
      grantToken: 'grant-secret',
    });
    await store.close();

    const member = hash('sha256', JSON.stringify(id), 'base64url');
    const keys = (await redis.raw.keys(`{${prefix}}*`)).sort();
    const digest = (kind: string, ...parts: string[]) =>
      digestKey({ kind: kind as 'userName', parts });
    const expectedKeys = [
      `{${prefix}}ids`,
      `{${prefix}}r:${member}`,
      `{${prefix}}k:userName:${digest('userName', 'user@example.com:1')}`,
      `{${prefix}}k:accessToken:${digest('accessToken', 'access-secret')}`,
      `{${prefix}}k:refreshToken:${digest('refreshToken', 'client', 'refresh-secret')}`,
      `{${prefix}}k:grantToken:${digest('grantToken', 'client', 'grant-secret')}`,
    ].sort();
    expect(keys).toEqual(expectedKeys);

    const record = await redis.raw.hgetall(`{${prefix}}r:${member}`);
    expect(JSON.parse(record.i ?? '')).toBe(id);
    expect(record.v).toBe(String(saved.version));
    const { id: _id, version: _version, ...fields } = saved;
    expect(JSON.parse(record.d ?? '')).toEqual(fields);
    expect(record['k:userName']).toBe(digest('userName', 'user@example.com:1'));
    // Each unique key holds the record's copy: a find by key is one GET.
    const copy = [
      member,
      String(saved.version),
      digest('userName', 'user@example.com:1'),
      digest('accessToken', 'access-secret'),
      digest('refreshToken', 'client', 'refresh-secret'),
      digest('grantToken', 'client', 'grant-secret'),
      record.i,
      record.d,
    ].join('\n');
    for (const key of expectedKeys.filter((name) => name.includes('}k:'))) {
      expect(await redis.raw.get(key)).toBe(copy);
    }
    expect(await redis.raw.zcard(`{${prefix}}ids`)).toBe(1);
    expect(await redis.raw.zscore(`{${prefix}}ids`, member)).toBe('0');

    // No token value appears in any key name.
    for (const key of keys) expect(key).not.toMatch(/secret|user@example/);
  });

  it('moves unique keys on update and removes every key on delete', async () => {
    const prefix = randomPrefix();
    const store = new RedisTokenStore({ url: redis.server.url, prefix });
    const first = await store.saveToken({ userName: 'u', accessToken: 'a1' });
    await store.saveToken({ userName: 'u', accessToken: 'a2' });
    const old = `{${prefix}}k:accessToken:${digestKey({ kind: 'accessToken', parts: ['a1'] })}`;
    const now = `{${prefix}}k:accessToken:${digestKey({ kind: 'accessToken', parts: ['a2'] })}`;
    expect(await redis.raw.exists(old)).toBe(0);
    expect(await redis.raw.exists(now)).toBe(1);

    expect(await store.deleteToken(first.id)).toBe(true);
    expect(await redis.raw.keys(`{${prefix}}*`)).toEqual([]);
    await store.close();
  });

  it('keeps the data JSON text byte for byte', async () => {
    const prefix = randomPrefix();
    const store = new RedisTokenStore({ url: redis.server.url, prefix });
    const odd = `emoji \u{1f600} rtl \u05d0 nul \u0000 quote " back \\ lone \udc00 ${'j'.repeat(16 * 1024)}`;
    const saved = await store.saveToken({ accessToken: odd, apiDomain: odd });
    const layout = new KeyLayout(prefix);
    const data = await redis.raw.hget(layout.record(layout.member(saved.id)), 'd');
    expect(JSON.parse(data ?? '')).toEqual({
      accessToken: odd,
      apiDomain: odd,
      updatedAt: saved.updatedAt,
    });
    expect(data).toContain(JSON.stringify(odd)); // as core encoded it, escapes and all
    expect(await store.findToken({ accessToken: odd })).toEqual(saved);
    await store.close();
  });

  it('reads records back with their unique key digests, by id, by key and by scan', async () => {
    const layout = new KeyLayout(randomPrefix());
    const backend = new RedisBackend({ client: redis.raw, owned: false }, layout);
    const keys = { userName: 'd-user', accessToken: 'd-access' };
    const record = { id: 'r1', version: 1, keys, data: '{"userName":"x"}' };
    expect(await backend.insert(record)).toEqual({ status: 'ok' });
    expect(await backend.insert({ ...record, id: 'r2' })).toEqual({
      status: 'duplicate',
      key: 'userName',
    });
    expect(await backend.get('r1')).toEqual(record);
    expect(await backend.findByKey('accessToken', 'd-access')).toEqual(record);
    const pages = [];
    for await (const page of backend.scan(10)) pages.push(...page);
    expect(pages).toEqual([record]);

    const next = { ...record, version: 2, keys: { refreshToken: 'd-refresh' } };
    // A stale replace reports the record as stored now, for the save to merge onto.
    expect(await backend.replace(next, { ...record, version: 5 })).toEqual({
      status: 'stale',
      current: record,
    });
    expect(await backend.replace(next, record)).toEqual({ status: 'ok' });
    expect(await backend.get('r1')).toEqual(next);
    expect(await backend.findByKey('userName', 'd-user')).toBeNull();
    await backend.clear();
    expect(await backend.get('r1')).toBeNull();
  });

  it('rejects a prefix that would break the hash tag', () => {
    expect(() => new KeyLayout('')).toThrow(TypeError);
    expect(() => new KeyLayout('a}b')).toThrow(/without "}"/);
    expect(new KeyLayout('app{1:').base).toBe('{app{1:}');
  });

  it('replaces only a record that still holds the version and the key digests it was read with', async () => {
    const layout = new KeyLayout(randomPrefix());
    const backend = new RedisBackend({ client: redis.raw, owned: false }, layout);
    const record = { id: 'r1', version: 1, keys: { userName: 'd-u1' }, data: '{"userName":"x"}' };
    expect(await backend.insert(record)).toEqual({ status: 'ok' });
    // Same id and version, other keys: the record was deleted and inserted again meanwhile.
    const other = { ...record, keys: { userName: 'd-u0' } };
    const next = { ...record, version: 2, keys: { userName: 'd-u2' } };
    expect(await backend.replace(next, other)).toEqual({ status: 'stale', current: record });
    expect(await backend.get('r1')).toEqual(record);
    expect(await backend.findByKey('userName', 'd-u1')).toEqual(record);
    expect(await backend.replace(next, record)).toEqual({ status: 'ok' });
    expect(await backend.findByKey('userName', 'd-u1')).toBeNull();
    expect(await backend.findByKey('userName', 'd-u2')).toEqual(next);
  });

  it('replaces only a record that still holds the data it was read with', async () => {
    const layout = new KeyLayout(randomPrefix());
    const backend = new RedisBackend({ client: redis.raw, owned: false }, layout);
    const record = { id: 'r1', version: 1, keys: { userName: 'd-u1' }, data: '{"a":"new"}' };
    expect(await backend.insert(record)).toEqual({ status: 'ok' });
    // Same id, version and keys, other data: deleted and saved again since it was read.
    const old = { ...record, data: '{"a":"old"}' };
    const next = { ...record, version: 2, data: '{"a":"old","b":1}' };
    expect(await backend.replace(next, old)).toEqual({ status: 'stale', current: record });
    expect(await backend.get('r1')).toEqual(record);
    expect(await backend.findByKey('userName', 'd-u1')).toEqual(record);
    expect(await backend.replace(next, record)).toEqual({ status: 'ok' });
    expect(await backend.findByKey('userName', 'd-u1')).toEqual(next);
  });

  it('reports a record that is gone as current: null', async () => {
    const layout = new KeyLayout(randomPrefix());
    const backend = new RedisBackend({ client: redis.raw, owned: false }, layout);
    const record = { id: 'r1', version: 1, keys: { userName: 'd-u1' }, data: '{"a":"x"}' };
    expect(await backend.insert(record)).toEqual({ status: 'ok' });
    expect(await backend.delete('r1')).toBe(true);
    const next = { ...record, version: 2, data: '{"a":"y"}' };
    expect(await backend.replace(next, record)).toEqual({ status: 'stale', current: null });
    expect(await backend.get('r1')).toBeNull();
    expect(await backend.findByKey('userName', 'd-u1')).toBeNull();
  });
});
