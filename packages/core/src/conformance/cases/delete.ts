import assert from 'node:assert/strict';
import { saveMany } from '../bulk.js';
import { group } from './define.js';

export const deleteCases = group('delete', {
  'deleteToken returns true once, then false, and the token is gone from every read': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    const kept = await store.saveToken(t.token());
    assert.equal(await store.deleteToken(saved.id), true, 'first delete');
    assert.equal(await store.deleteToken(saved.id), false, 'second delete');
    assert.equal(await store.findTokenById(saved.id), null, 'by id');
    assert.equal(await store.findToken({ userName: a.userName }), null, 'by userName');
    assert.equal(await store.findToken({ accessToken: a.accessToken }), null, 'by accessToken');
    const { clientId, clientSecret, refreshToken, grantToken } = a;
    assert.equal(await store.findToken({ clientId, clientSecret, grantToken }), null, 'by grant');
    assert.equal(
      await store.findToken({ clientId, clientSecret, refreshToken }),
      null,
      'by refresh',
    );
    assert.deepEqual(await store.getTokens(), [kept], 'the other token stays');
  },

  'deleteToken of an unknown id is false and changes nothing': async (t) => {
    const store = await t.store();
    const saved = await store.saveToken(t.token());
    assert.equal(await store.deleteToken(t.unique('unknown')), false, 'nothing deleted');
    assert.deepEqual(await store.getTokens(), [saved], 'unchanged');
  },

  'after deleteToken its unique values and id are free again': async (t) => {
    const store = await t.store();
    const a = t.token({ id: t.unique('id') });
    const saved = await store.saveToken(a);
    await store.deleteToken(saved.id);
    const again = await store.saveToken(a);
    assert.equal(again.id, saved.id, 'same id reused');
    assert.equal(again.version, 1, 'a fresh insert');
    const { id: _id, ...withoutId } = a;
    await store.deleteToken(again.id);
    const third = await store.saveToken(withoutId);
    assert.equal(third.version, 1, 'its keys are free for a new token');
  },

  'deleteTokens removes more tokens than any batch a store deletes at once': async (t) => {
    const store = await t.store();
    const saved = await saveMany(t, store, 260);
    await store.deleteTokens();
    assert.deepEqual(await store.getTokens(), [], 'getTokens is empty');
    for (const token of [saved[0], saved[150], saved[259]]) {
      assert.equal(await store.findTokenById(token?.id ?? ''), null, 'not found by id');
      assert.equal(await store.findToken({ userName: token?.userName }), null, 'nor by key');
    }
  },

  'deleteTokens removes every token of the store': async (t) => {
    const store = await t.store();
    for (let i = 0; i < 5; i++) await store.saveToken(t.token());
    await store.deleteTokens();
    assert.deepEqual(await store.getTokens(), [], 'empty');
    const again = await store.saveToken(t.token());
    assert.equal(again.version, 1, 'the store still works');
  },
});
