import assert from 'node:assert/strict';
import type { TokenStore } from '../../store.js';
import { STRING_FIELDS, type TokenInput } from '../../token.js';
import { rejectsWith } from '../expect.js';
import { group } from './define.js';

const NOT_STRINGS: readonly unknown[] = [
  { $ne: null },
  { $gt: '' },
  42,
  true,
  ['a'],
  { toString: () => 'x' },
];
const NOT_EXPIRIES: readonly unknown[] = [
  -1,
  1.5,
  Number.NaN,
  Infinity,
  '1700000000000',
  { $gt: 0 },
];

function withField(base: TokenInput, field: string, value: unknown): TokenInput {
  return { ...base, [field]: value } as TokenInput;
}

async function assertEmpty(store: TokenStore, what: string): Promise<void> {
  assert.deepEqual(await store.getTokens(), [], `${what}: nothing may be written`);
}

export const validationCases = group('validation', {
  'a field of the wrong type is rejected with INVALID_TOKEN before any write': async (t) => {
    const store = await t.store();
    for (const field of STRING_FIELDS) {
      for (const value of NOT_STRINGS) {
        const what = `${field} = ${JSON.stringify(value)}`;
        await rejectsWith(
          store.saveToken(withField(t.token(), field, value)),
          'INVALID_TOKEN',
          what,
        );
      }
    }
    for (const value of NOT_EXPIRIES) {
      const what = `expiresAt = ${String(value)}`;
      await rejectsWith(
        store.saveToken(withField(t.token(), 'expiresAt', value)),
        'INVALID_TOKEN',
        what,
      );
    }
    await assertEmpty(store, 'after rejected saves');
  },

  'an update with a wrong type leaves the stored token unchanged': async (t) => {
    const store = await t.store();
    const input = t.token();
    const saved = await store.saveToken(input);
    const update = { userName: input.userName, apiDomain: 'changed', accessToken: { $ne: null } };
    await rejectsWith(
      store.saveToken(update as unknown as TokenInput),
      'INVALID_TOKEN',
      'bad update',
    );
    assert.deepEqual(await store.findTokenById(saved.id), saved, 'unchanged');
  },

  'a token that is not a plain object is rejected': async (t) => {
    const store = await t.store();
    for (const value of [null, undefined, 'token', 42, [], [t.token()]]) {
      await rejectsWith(
        store.saveToken(value as unknown as TokenInput),
        'INVALID_TOKEN',
        `saveToken(${JSON.stringify(value)})`,
      );
    }
    await assertEmpty(store, 'after rejected saves');
  },

  'operator objects in a query are rejected, never matched': async (t) => {
    const store = await t.store();
    await store.saveToken(t.token());
    for (const field of ['userName', 'accessToken', 'clientId', 'refreshToken', 'grantToken']) {
      for (const value of [{ $ne: null }, { $gt: '' }, { $regex: '.*' }]) {
        const query = { clientSecret: 's', [field]: value } as TokenInput;
        await rejectsWith(store.findToken(query), 'INVALID_TOKEN', `findToken ${field}`);
      }
    }
  },

  // A store that refuses only objects in a query coerces 7 or true to a string, or never reads
  // the fields after the one its lookup key uses.
  'a query field of any wrong type is rejected with INVALID_TOKEN, whichever field it is': async (
    t,
  ) => {
    const store = await t.store();
    const a = t.token();
    await store.saveToken(a);
    for (const field of STRING_FIELDS) {
      for (const value of NOT_STRINGS) {
        const query = withField({ userName: a.userName }, field, value);
        const what = `findToken ${field} = ${JSON.stringify(value)}`;
        await rejectsWith(store.findToken(query), 'INVALID_TOKEN', what);
      }
    }
    for (const value of NOT_EXPIRIES) {
      const query = withField({ userName: a.userName }, 'expiresAt', value);
      const what = `findToken expiresAt = ${String(value)}`;
      await rejectsWith(store.findToken(query), 'INVALID_TOKEN', what);
    }
  },

  'a new token needs an access, refresh or grant token': async (t) => {
    const store = await t.store();
    await rejectsWith(
      store.saveToken({
        userName: t.unique('u'),
        clientId: 'c',
        clientSecret: 's',
        apiDomain: 'd',
      }),
      'INVALID_TOKEN',
      'insert without a token value',
    );
    await rejectsWith(store.saveToken({}), 'INVALID_TOKEN', 'empty insert');
    await rejectsWith(store.saveToken({ id: t.unique('id') }), 'INVALID_TOKEN', 'id only');
    await assertEmpty(store, 'after rejected inserts');
  },

  'ids must be strings': async (t) => {
    const store = await t.store();
    for (const id of [42, { $ne: null }, ['x'], true]) {
      const bad = id as unknown as string;
      await rejectsWith(store.findTokenById(bad), 'INVALID_TOKEN', `findTokenById(${String(id)})`);
      await rejectsWith(store.deleteToken(bad), 'INVALID_TOKEN', `deleteToken(${String(id)})`);
    }
    assert.equal(await store.findTokenById(''), null, 'the empty id finds nothing');
    assert.equal(await store.deleteToken(''), false, 'the empty id deletes nothing');
  },

  'expectedVersion must be a non-negative integer': async (t) => {
    const store = await t.store();
    for (const expectedVersion of [-1, 1.5, '1', Number.NaN, null]) {
      await rejectsWith(
        store.saveToken(t.token(), { expectedVersion: expectedVersion as number }),
        'INVALID_TOKEN',
        `expectedVersion ${String(expectedVersion)}`,
      );
    }
    await assertEmpty(store, 'after rejected saves');
  },
});
