import assert from 'node:assert/strict';
import type { StoredToken } from '../../token.js';
import { assertIsToken } from '../expect.js';
import { group } from './define.js';

function assertMissing(token: StoredToken | null, fields: readonly string[], what: string): void {
  assert.ok(token, `${what}: expected a token`);
  for (const field of fields) {
    assert.ok(
      !Object.hasOwn(token, field),
      `${what}: ${field} should be missing, is ${JSON.stringify((token as never)[field])}`,
    );
  }
}

export const absentCases = group('absent values', {
  'undefined, null and "" are stored as absent, never as "", "null", null or 0': async (t) => {
    const store = await t.store();
    const saved = await store.saveToken({
      userName: t.unique('user'),
      accessToken: t.unique('access'),
      clientId: null,
      clientSecret: '',
      redirectUrl: undefined,
      grantToken: null,
      refreshToken: '',
      expiresAt: null,
      apiDomain: '',
    });
    const absent = [
      'clientId',
      'clientSecret',
      'redirectUrl',
      'grantToken',
      'refreshToken',
      'expiresAt',
      'apiDomain',
    ];
    assertMissing(saved, absent, 'saveToken result');
    assertMissing(await store.findTokenById(saved.id), absent, 'findTokenById');
    assertMissing((await store.getTokens())[0] ?? null, absent, 'getTokens');
  },

  'absent fields in a query are absent for the lookup rules': async (t) => {
    const store = await t.store();
    const accessToken = t.unique('access');
    const saved = await store.saveToken({ accessToken });
    for (const empty of [null, '', undefined]) {
      assertIsToken(
        await store.findToken({
          userName: empty,
          clientId: empty,
          clientSecret: empty,
          accessToken,
        }),
        saved.id,
        `query with ${JSON.stringify(empty)} fields`,
      );
    }
  },

  'an update with null or "" keeps the stored value': async (t) => {
    const store = await t.store();
    const input = t.token();
    await store.saveToken(input);
    const updated = await store.saveToken({
      userName: input.userName,
      accessToken: null,
      refreshToken: '',
      apiDomain: undefined,
    });
    assert.equal(updated.accessToken, input.accessToken, 'accessToken kept');
    assert.equal(updated.refreshToken, input.refreshToken, 'refreshToken kept');
    assert.equal(updated.apiDomain, input.apiDomain, 'apiDomain kept');
    assert.equal(updated.version, 2, 'still a save');
  },

  'properties outside the contract are not persisted': async (t) => {
    const store = await t.store();
    const input = { ...t.token(), extra: 'x', nested: { deep: true }, __proto_: 'p' };
    const saved = await store.saveToken(input);
    for (const token of [saved, await store.findTokenById(saved.id)]) {
      assertMissing(token, ['extra', 'nested', '__proto_'], 'unknown properties');
    }
  },

  'a version on input is ignored': async (t) => {
    const store = await t.store();
    const input = t.token();
    assert.equal((await store.saveToken({ ...input, version: 99 })).version, 1, 'insert');
    const updated = await store.saveToken({ userName: input.userName, version: 42 });
    assert.equal(updated.version, 2, 'update');
  },

  // The store records updatedAt where it keeps one (core sets it on every save): a merge of the
  // input over the stored token (`{ ...stored, ...input }`) keeps the caller's instead.
  'an updatedAt on input is ignored: a stored updatedAt is the time of the save': async (t) => {
    const store = await t.store();
    const started = Date.now();
    const input = t.token();
    const future = started + 365 * 86_400_000;
    const saved = await store.saveToken({ ...input, updatedAt: 5 });
    const byId = await store.saveToken({ id: saved.id, expiresAt: 1, updatedAt: future });
    const byKey = await store.saveToken({ userName: input.userName, updatedAt: 7 });
    const stored = await store.findTokenById(saved.id);
    const ended = Date.now();
    for (const [what, token] of [
      ['insert', saved],
      ['update by id', byId],
      ['update by key', byKey],
      ['stored', stored],
    ] as const) {
      const at = token?.updatedAt;
      assert.ok(
        at === undefined || (at >= started && at <= ended),
        `${what}: updatedAt ${at} is not the time of the save (${started} to ${ended})`,
      );
    }
  },
});
