import assert from 'node:assert/strict';
import type { StoredToken } from '../../token.js';
import { assertHolds, assertIsToken } from '../expect.js';
import { group } from './define.js';

function scribble(token: StoredToken | null | undefined): void {
  if (!token) return;
  token.accessToken = 'mutated';
  token.userName = 'mutated';
  token.version = 1000;
  delete token.refreshToken;
}

export const copyCases = group('copies', {
  'mutating the saved input object does not change the store': async (t) => {
    const store = await t.store();
    const input = t.token();
    const before = { ...input };
    const saved = await store.saveToken(input);
    input.accessToken = 'mutated';
    input.apiDomain = 'mutated';
    delete input.refreshToken;
    const found = await store.findTokenById(saved.id);
    assert.equal(found?.accessToken, before.accessToken, 'accessToken unchanged');
    assert.equal(found?.apiDomain, before.apiDomain, 'apiDomain unchanged');
    assert.equal(found?.refreshToken, before.refreshToken, 'refreshToken unchanged');
  },

  'saveToken leaves the caller’s object exactly as it was': async (t) => {
    const store = await t.store();
    const input = t.token({ apiDomain: null });
    const before = { ...input };
    const saved = await store.saveToken(input);
    assert.deepEqual(input, before, 'insert: no id, version or field written into the input');
    const update = { id: saved.id, expiresAt: 9 };
    await store.saveToken(update, { expectedVersion: 1 });
    assert.deepEqual(update, { id: saved.id, expiresAt: 9 }, 'update: the input is unchanged');
    const byKey = { userName: input.userName, accessToken: '' };
    await store.saveToken(byKey);
    assert.deepEqual(byKey, { userName: input.userName, accessToken: '' }, 'update by key');
  },

  // A store that awaits something of its own (a connection, a table set-up) before it reads
  // its arguments saves and finds what the caller changed meanwhile.
  'changing the input before saveToken or findToken resolves changes neither what is saved nor what is found':
    async (t) => {
      const store = await t.store();
      const input = t.token();
      const before = { ...input };
      const options = { expectedVersion: 0 };
      const saving = store.saveToken(input, options);
      input.userName = t.unique('changed');
      input.accessToken = t.unique('changed');
      input.apiDomain = null;
      options.expectedVersion = 5;
      const saved = await saving;
      assertHolds(saved, before, 'what saveToken resolved with');
      assertHolds(await store.findTokenById(saved.id), before, 'what was stored');
      const query = { userName: before.userName };
      const finding = store.findToken(query);
      query.userName = input.userName;
      assertIsToken(await finding, saved.id, 'findToken answers the query as it was given');
    },

  'mutating a returned token does not change the store': async (t) => {
    const store = await t.store();
    const input = t.token();
    const saved = await store.saveToken(input);
    scribble(saved);
    scribble(await store.findToken({ userName: input.userName }));
    scribble(await store.findTokenById(saved.id));
    for (const token of await store.getTokens()) scribble(token);
    for await (const token of store.tokens()) scribble(token);
    const found = await store.findToken({ userName: input.userName });
    assert.ok(found, 'still found by its userName');
    assert.equal(found.accessToken, input.accessToken, 'accessToken unchanged');
    assert.equal(found.refreshToken, input.refreshToken, 'refreshToken unchanged');
    assert.equal(found.version, 1, 'version unchanged');
  },

  'two reads return two distinct objects': async (t) => {
    const store = await t.store();
    const saved = await store.saveToken(t.token());
    const first = await store.findTokenById(saved.id);
    const second = await store.findTokenById(saved.id);
    assert.notEqual(first, second, 'a fresh object per read');
    assert.deepEqual(first, second, 'with the same content');
  },
});
