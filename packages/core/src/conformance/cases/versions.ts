import assert from 'node:assert/strict';
import { rejectsWith } from '../expect.js';
import { group } from './define.js';

export const versionCases = group('expectedVersion', {
  'a matching expectedVersion writes': async (t) => {
    const store = await t.store();
    const a = t.token();
    await store.saveToken(a);
    const updated = await store.saveToken(
      { userName: a.userName, apiDomain: 'x' },
      { expectedVersion: 1 },
    );
    assert.equal(updated.version, 2, 'written');
    const byId = await store.saveToken({ id: updated.id, apiDomain: 'y' }, { expectedVersion: 2 });
    assert.equal(byId.version, 3, 'written by id');
  },

  'a stale expectedVersion rejects with VERSION_CONFLICT and changes nothing': async (t) => {
    const store = await t.store();
    const a = t.token();
    await store.saveToken(a);
    const current = await store.saveToken({ userName: a.userName, apiDomain: 'v2' });
    for (const expectedVersion of [1, 3, 0]) {
      await rejectsWith(
        store.saveToken({ userName: a.userName, apiDomain: 'lost' }, { expectedVersion }),
        'VERSION_CONFLICT',
        `expectedVersion ${expectedVersion} against version 2`,
      );
    }
    assert.deepEqual(await store.findTokenById(current.id), current, 'unchanged');
  },

  'expectedVersion 0 inserts only when no such token exists': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a, { expectedVersion: 0 });
    assert.equal(saved.version, 1, 'inserted');
    await rejectsWith(
      store.saveToken({ userName: a.userName, apiDomain: 'again' }, { expectedVersion: 0 }),
      'VERSION_CONFLICT',
      'second insert by key',
    );
    await rejectsWith(
      store.saveToken({ id: saved.id, apiDomain: 'again' }, { expectedVersion: 0 }),
      'VERSION_CONFLICT',
      'second insert by id',
    );
    assert.deepEqual(await store.findTokenById(saved.id), saved, 'unchanged');
  },

  'expectedVersion above 0 for a missing token rejects and inserts nothing': async (t) => {
    const store = await t.store();
    await rejectsWith(
      store.saveToken(t.token(), { expectedVersion: 1 }),
      'VERSION_CONFLICT',
      'by key',
    );
    await rejectsWith(
      store.saveToken(t.token({ id: t.unique('id') }), { expectedVersion: 3 }),
      'VERSION_CONFLICT',
      'by id',
    );
    assert.deepEqual(await store.getTokens(), [], 'nothing inserted');
  },
});
