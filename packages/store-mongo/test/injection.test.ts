import type { TokenInput } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { drain, expectCode, rawCollection, snapshot } from './helpers/raw.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client } = await useServer();

/** Query operators an attacker would slip into a field that should hold a string. */
const OPERATORS: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $exists: true },
  { $where: 'true' },
  { $in: ['a', 'b'] },
];

async function seeded() {
  const collection = freshCollection();
  const store = new MongoTokenStore({ client, database: DATABASE, collection });
  const first = await store.saveToken({ userName: 'alice', accessToken: 'a-1', clientId: 'c' });
  const second = await store.saveToken({ clientId: 'c', clientSecret: 's', refreshToken: 'r-2' });
  const raw = rawCollection(client, collection);
  return { store, raw, before: await snapshot(raw), first, second };
}

describe('operator injection', () => {
  it('rejects operator objects in every public method with INVALID_TOKEN and changes nothing', async () => {
    const { store, raw, before, first } = await seeded();
    for (const op of OPERATORS) {
      const bad = op as string;
      const attempts: (() => Promise<unknown>)[] = [
        () => store.findToken({ userName: bad }),
        () => store.findToken({ accessToken: bad }),
        () => store.findToken({ clientId: bad, clientSecret: 's', refreshToken: 'r-2' }),
        () => store.findToken({ clientId: 'c', clientSecret: 's', refreshToken: bad }),
        () => store.findTokenById(bad),
        () => store.saveToken({ id: bad, accessToken: 'x' }),
        () => store.saveToken({ userName: bad, accessToken: 'x' }),
        () => store.saveToken({ userName: 'alice', accessToken: bad }),
        () => store.saveToken({ id: first.id, clientSecret: bad }),
        () => store.saveToken({ id: first.id, expiresAt: op as number }),
        () => store.saveToken({ id: first.id, apiDomain: 'x' }, { expectedVersion: op as number }),
        () => store.saveToken(op as TokenInput),
        () => store.deleteToken(bad),
        () => drain(store.tokens({ pageSize: op as number })),
      ];
      for (const attempt of attempts) await expectCode(attempt, 'INVALID_TOKEN');
    }
    expect(await snapshot(raw)).toEqual(before);
    await store.close();
  });

  it('stores $-prefixed strings literally and matches them exactly', async () => {
    const { store, raw, before, first, second } = await seeded();
    const hostile = {
      id: '$ne',
      userName: '$gt',
      clientId: '$where',
      clientSecret: '{"$ne":null}',
      refreshToken: '$regex',
      accessToken: '$exists',
      apiDomain: '$.k.userName',
    };
    const saved = await store.saveToken(hostile);
    expect(saved).toEqual({ ...hostile, version: 1, updatedAt: expect.any(Number) });

    const doc = await raw.findOne({ _id: { $eq: '$ne' } });
    expect(doc).not.toBeNull();
    expect(JSON.parse(String(doc?.d))).toEqual({
      userName: '$gt',
      clientId: '$where',
      clientSecret: '{"$ne":null}',
      refreshToken: '$regex',
      accessToken: '$exists',
      apiDomain: '$.k.userName',
      updatedAt: saved.updatedAt,
    });

    expect(await store.findToken({ userName: '$gt' })).toEqual(saved);
    expect(await store.findToken({ accessToken: '$exists' })).toEqual(saved);
    expect(await store.findToken({ userName: '$ne' })).toBeNull();
    expect(await store.findToken({ accessToken: '$gt' })).toBeNull();
    expect(await store.findTokenById('$gt')).toBeNull();
    expect(await store.findTokenById('$ne')).toEqual(saved);
    expect(await store.findToken({ userName: 'alice' })).toEqual(first);
    expect(await store.findTokenById(second.id)).toEqual(second);

    expect(await store.deleteToken('$gt')).toBe(false);
    expect(await store.deleteToken('$ne')).toBe(true);
    expect(await snapshot(raw)).toEqual(before);
    await store.close();
  });
});
