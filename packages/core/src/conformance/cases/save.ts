import assert from 'node:assert/strict';
import { assertHolds, assertIsToken } from '../expect.js';
import { group } from './define.js';

export const saveCases = group('save', {
  'inserts get distinct ids and version 1': async (t) => {
    const store = await t.store();
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const saved = await store.saveToken(t.token());
      assert.equal(saved.version, 1, 'version 1');
      ids.add(saved.id);
    }
    assert.equal(ids.size, 10, 'ten distinct ids');
  },

  'a save with an unknown id inserts under that id': async (t) => {
    const store = await t.store();
    const id = t.unique('given-id');
    const input = t.token({ id });
    const saved = await store.saveToken(input);
    assert.equal(saved.id, id, 'the given id is kept');
    assert.equal(saved.version, 1, 'an insert');
    assertHolds(await store.findTokenById(id), input, 'found by the given id');
  },

  'a save with a known id updates that token whatever its other fields': async (t) => {
    const store = await t.store();
    const a = await store.saveToken(t.token());
    const b = t.token();
    const updated = await store.saveToken({ ...b, id: a.id });
    assert.equal(updated.id, a.id, 'same id');
    assert.equal(updated.version, 2, 'an update');
    assertHolds(await store.findTokenById(a.id), { ...b }, 'fields replaced');
    assert.equal((await store.getTokens()).length, 1, 'no second token');
  },

  'a save without id updates the token its lookup key matches': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    const { clientId, clientSecret, refreshToken, grantToken, accessToken, userName } = a;
    const updates = [
      { userName, apiDomain: 'd1' },
      { accessToken, apiDomain: 'd2' },
      { clientId, clientSecret, grantToken, apiDomain: 'd3' },
      { clientId, clientSecret, refreshToken, apiDomain: 'd4' },
    ];
    for (const [i, update] of updates.entries()) {
      const result = await store.saveToken(update);
      assert.equal(result.id, saved.id, `update ${i} hits the same token`);
      assert.equal(result.version, i + 2, `update ${i} counts`);
      assert.equal(result.apiDomain, update.apiDomain, `update ${i} applied`);
    }
    assert.equal((await store.getTokens()).length, 1, 'no second token');
  },

  'an update merges: present fields replace, absent fields keep': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    const accessToken = t.unique('new-access');
    const updated = await store.saveToken({ userName: a.userName, accessToken, expiresAt: 5 });
    const expected = { ...a, accessToken, expiresAt: 5 };
    assertHolds(updated, expected, 'save result');
    assertHolds(await store.findTokenById(saved.id), expected, 'stored');
  },

  'version counts every save': async (t) => {
    const store = await t.store();
    const a = t.token();
    let last = await store.saveToken(a);
    for (let i = 2; i <= 6; i++) {
      last = await store.saveToken({ userName: a.userName, expiresAt: i });
      assert.equal(last.version, i, `save ${i}`);
    }
    assert.equal((await store.findTokenById(last.id))?.version, 6, 'stored version');
  },

  'an update by id that changes every key leaves no old key finding the token': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    const b = t.token();
    const { id: _ignored, ...next } = b;
    await store.saveToken({ ...next, id: saved.id });
    const { clientId, clientSecret, refreshToken, grantToken, accessToken, userName } = a;
    for (const [what, query] of [
      ['old userName', { userName }],
      ['old accessToken', { accessToken }],
      ['old clientId + grantToken', { clientId, clientSecret, grantToken }],
      ['old clientId + refreshToken', { clientId, clientSecret, refreshToken }],
    ] as const) {
      assert.equal(await store.findToken(query), null, what);
    }
    assertIsToken(await store.findToken({ userName: b.userName }), saved.id, 'new userName');
    const reused = await store.saveToken(t.token({ userName, accessToken }));
    assert.notEqual(reused.id, saved.id, 'the old values are free for a new token');
    assert.equal(reused.version, 1, 'a new token');
  },

  'an updated unique value finds the token and the old one no longer does': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    const accessToken = t.unique('rotated');
    const refreshToken = t.unique('rotated-refresh');
    await store.saveToken({ userName: a.userName, accessToken, refreshToken });
    assertIsToken(await store.findToken({ accessToken }), saved.id, 'new accessToken');
    assert.equal(await store.findToken({ accessToken: a.accessToken }), null, 'old accessToken');
    const { clientId, clientSecret } = a;
    assertIsToken(
      await store.findToken({ clientId, clientSecret, refreshToken }),
      saved.id,
      'new refreshToken',
    );
    assert.equal(
      await store.findToken({ clientId, clientSecret, refreshToken: a.refreshToken }),
      null,
      'old refreshToken',
    );
  },
});
