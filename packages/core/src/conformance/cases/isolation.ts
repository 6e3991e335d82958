import assert from 'node:assert/strict';
import { assertIsToken } from '../expect.js';
import { group } from './define.js';

export const isolationCases = group('isolation', {
  'two stores see none of each other’s tokens': async (t) => {
    const one = await t.store();
    const two = await t.store();
    const a = t.token({ id: t.unique('shared-id') });
    const inOne = await one.saveToken(a);
    assert.equal(await two.findTokenById(inOne.id), null, 'by id');
    assert.equal(await two.findToken({ userName: a.userName }), null, 'by userName');
    assert.equal(await two.findToken({ accessToken: a.accessToken }), null, 'by accessToken');
    assert.deepEqual(await two.getTokens(), [], 'listing');
    const inTwo = await two.saveToken(a);
    assert.equal(inTwo.version, 1, 'the same token is new in the other store');
    assertIsToken(await one.findToken({ userName: a.userName }), inOne.id, 'first store intact');
    assert.equal(await two.deleteToken(inOne.id), true, 'deletes its own copy');
    assertIsToken(await one.findTokenById(inOne.id), inOne.id, 'not the other store’s');
  },

  'deleteTokens on one store leaves the other intact': async (t) => {
    const one = await t.store();
    const two = await t.store();
    await one.saveToken(t.token());
    const kept = await two.saveToken(t.token());
    await one.deleteTokens();
    assert.deepEqual(await one.getTokens(), [], 'cleared');
    assert.deepEqual(await two.getTokens(), [kept], 'the other store keeps its token');
  },
});
