import assert from 'node:assert/strict';
import { assertIsToken, rejectsWith } from '../expect.js';
import { group } from './define.js';

export const idCases = group('ids', {
  'ids are compared byte for byte: "07" is not "7", case and padding count': async (t) => {
    const store = await t.store();
    const base = t.unique('Id');
    for (const id of ['07', `${base}`]) await store.saveToken(t.token({ id }));
    for (const miss of [
      '7',
      '007',
      '7.0',
      ' 07',
      '07 ',
      base.toLowerCase(),
      base.toUpperCase(),
      `${base} `,
      ` ${base}`,
      `${base}\u0000`,
      base.slice(0, -1),
    ]) {
      assert.equal(await store.findTokenById(miss), null, `findTokenById(${JSON.stringify(miss)})`);
      assert.equal(await store.deleteToken(miss), false, `deleteToken(${JSON.stringify(miss)})`);
    }
    assertIsToken(await store.findTokenById('07'), '07', 'the exact id still finds');
    assert.equal((await store.getTokens()).length, 2, 'nothing was deleted');
  },

  'an empty, null or undefined id is absent; any other non-string rejects with INVALID_TOKEN':
    async (t) => {
      const store = await t.store();
      const saved = await store.saveToken(t.token());
      for (const absent of ['', null, undefined]) {
        const id = absent as unknown as string;
        assert.equal(await store.findTokenById(id), null, `findTokenById(${String(absent)})`);
        assert.equal(await store.deleteToken(id), false, `deleteToken(${String(absent)})`);
      }
      for (const bad of [
        7,
        0,
        new String(saved.id),
        { id: saved.id },
        [saved.id],
        true,
        Symbol('x'),
      ]) {
        const id = bad as unknown as string;
        const what = typeof bad === 'symbol' ? 'a symbol' : JSON.stringify(bad);
        await rejectsWith(() => store.findTokenById(id), 'INVALID_TOKEN', `findTokenById(${what})`);
        await rejectsWith(() => store.deleteToken(id), 'INVALID_TOKEN', `deleteToken(${what})`);
      }
      assert.deepEqual(await store.getTokens(), [saved], 'nothing was deleted');
    },

  // `token.id ?? newId()` takes "" for a given id: an insert under id "", or a second token.
  'an id of "", null or undefined on a save is absent: the lookup key decides': async (t) => {
    const store = await t.store();
    const input = t.token();
    const saved = await store.saveToken({ ...input, id: '' });
    assert.ok(saved.id !== '', 'id "" on an insert: a new, non-empty id');
    assert.equal(saved.version, 1, 'an insert');
    for (const [i, id] of ['', null, undefined].entries()) {
      const what = `id ${String(JSON.stringify(id))}`;
      const updated = await store.saveToken({ id, userName: input.userName, apiDomain: `d${i}` });
      assert.equal(updated.id, saved.id, `${what}: the token the userName finds`);
      assert.equal(updated.version, i + 2, `${what}: updated`);
    }
    assert.equal((await store.getTokens()).length, 1, 'no second token');
  },
});
