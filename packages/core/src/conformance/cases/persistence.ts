import assert from 'node:assert/strict';
import { saveMany } from '../bulk.js';
import { assertHolds, assertIsToken, rejectsWith } from '../expect.js';
import { group } from './define.js';

export const persistenceCases = group(
  'persistence',
  {
    'saved tokens are there after reopening, with their versions': async (t) => {
      const store = await t.store();
      const a = t.token();
      const saved = await store.saveToken(a);
      await store.saveToken({ userName: a.userName, expiresAt: 7 });
      const other = await store.saveToken(t.token());
      await store.close();
      const reopened = await t.reopen(store);
      const found = await reopened.findToken({ accessToken: a.accessToken });
      assertHolds(found, { ...a, expiresAt: 7 }, 'by accessToken');
      assert.equal(found?.version, 2, 'version persisted');
      assert.equal(found?.id, saved.id, 'id persisted');
      assert.deepEqual(await reopened.findTokenById(other.id), other, 'the other token');
    },

    'deleteTokens of more than a batch holds across reopening': async (t) => {
      const store = await t.store();
      const saved = await saveMany(t, store, 260);
      await store.deleteTokens();
      await store.close();
      const reopened = await t.reopen(store);
      assert.deepEqual(await reopened.getTokens(), [], 'still empty after reopening');
      assert.equal(await reopened.findTokenById(saved[200]?.id ?? ''), null, 'not found by id');
      const again = await reopened.saveToken({ ...saved[0], version: undefined });
      assert.equal(again.version, 1, 'its id and keys are free');
    },

    // A remote backend lets a save start from the record found moments before (the find of a
    // refresh); its compare-and-set must then also see that the id now holds another token.
    'a save never updates a token that another instance deleted and saved again under its id and version':
      async (t) => {
        const store = await t.store();
        const a = t.token();
        const first = await store.saveToken(a);
        await store.findToken({ userName: a.userName });
        const other = await t.reopen(store);
        assert.equal(await other.deleteToken(first.id), true, 'the other instance deletes it');
        const b = t.token({ id: first.id });
        const second = await other.saveToken(b);
        assert.equal(second.id, first.id, 'saved again under the same id');
        assert.equal(second.version, first.version, 'with the same version');
        const saved = await store.saveToken({ userName: a.userName, accessToken: t.unique('new') });
        assert.notEqual(saved.id, first.id, 'its userName is free again: a new token');
        assert.equal(saved.version, 1, 'inserted, not an update');
        assertHolds(await other.findTokenById(first.id), b, 'the token saved again is untouched');
        assertHolds(await store.findToken({ userName: b.userName }), b, 'found by its userName');
      },

    // The same with the same keys: only the data tells the token saved again from the one read.
    'a save never merges onto a token that another instance deleted and saved again under its id, version and keys':
      async (t) => {
        const store = await t.store();
        const a = t.token();
        const first = await store.saveToken(a);
        await store.findToken({ userName: a.userName });
        const other = await t.reopen(store);
        assert.equal(await other.deleteToken(first.id), true, 'the other instance deletes it');
        const b = { ...a, id: first.id, clientSecret: t.unique('new-secret'), expiresAt: 1 };
        const second = await other.saveToken(b);
        assert.equal(second.version, first.version, 'saved again with the same version');
        const saved = await store.saveToken({
          userName: a.userName,
          apiDomain: 'https://x.example',
        });
        const merged = { ...b, apiDomain: 'https://x.example' };
        assertHolds(saved, merged, 'merged onto the token saved again');
        assert.equal(saved.id, first.id, 'the same token');
        assert.equal(saved.version, 2, 'an update of it');
        assertHolds(await other.findTokenById(first.id), merged, 'as stored');
      },

    // The same within one instance: its delete forgets what it found the token by.
    'a save after a delete and a save again under the same id and keys merges onto the new token':
      async (t) => {
        const store = await t.store();
        const a = t.token();
        const first = await store.saveToken(a);
        await store.findToken({ userName: a.userName });
        await store.findToken({ accessToken: a.accessToken });
        assert.equal(await store.deleteToken(first.id), true, 'deleted');
        const b = { ...a, id: first.id, clientSecret: t.unique('new-secret'), expiresAt: 1 };
        assert.equal((await store.saveToken(b)).version, 1, 'saved again at version 1');
        const saved = await store.saveToken({
          userName: a.userName,
          apiDomain: 'https://x.example',
        });
        const merged = { ...b, apiDomain: 'https://x.example' };
        assertHolds(saved, merged, 'merged onto the token saved again (by userName)');
        assert.equal(saved.id, first.id, 'the same token');
        const again = await store.saveToken({ accessToken: a.accessToken, expiresAt: 2 });
        assertHolds(again, { ...merged, expiresAt: 2 }, 'and by accessToken');
        assert.equal(again.version, 3, 'two updates of it');
        assertHolds(
          await (await t.reopen(store)).findTokenById(first.id),
          { ...merged, expiresAt: 2 },
          'as stored',
        );
      },

    // A store that caches what it read (per instance) passes every case with one instance: its
    // own writes invalidate the cache. Another instance's writes must show at once.
    'a write through one instance is what another instance reads next, even one that read it before':
      async (t) => {
        const a = await t.store();
        const b = await t.reopen(a);
        const input = t.token();
        const saved = await a.saveToken(input);
        const { userName, accessToken } = input;
        assertIsToken(await b.findToken({ userName }), saved.id, 'b by userName');
        assertIsToken(await b.findToken({ accessToken }), saved.id, 'b by accessToken');
        assertIsToken(await b.findTokenById(saved.id), saved.id, 'b by id');
        const updated = await a.saveToken({ id: saved.id, accessToken: t.unique('rotated') });
        assert.deepEqual(await b.findToken({ userName }), updated, 'b by userName: the update');
        assert.deepEqual(await b.findTokenById(saved.id), updated, 'b by id: the update');
        assert.equal(await b.findToken({ accessToken }), null, 'b: the old accessToken finds none');
        const merged = await b.saveToken({ userName, expiresAt: 9 });
        assert.equal(merged.version, 3, 'b saves onto the update');
        assert.equal(merged.accessToken, updated.accessToken, 'b kept the update it merged onto');
        assert.deepEqual(await a.findTokenById(saved.id), merged, 'a reads what b wrote');
        assert.equal(await a.deleteToken(saved.id), true, 'a deletes it');
        assert.equal(await b.findTokenById(saved.id), null, 'b: gone by id');
        assert.equal(await b.findToken({ userName }), null, 'b: gone by userName');
      },

    'uniqueness, versions and deletions hold across reopening': async (t) => {
      const store = await t.store();
      const a = t.token();
      const saved = await store.saveToken(a);
      const gone = await store.saveToken(t.token());
      await store.deleteToken(gone.id);
      const reopened = await t.reopen(store);
      await rejectsWith(
        reopened.saveToken(t.token({ userName: a.userName, id: t.unique('id') })),
        'DUPLICATE_KEY',
        'duplicate after reopen',
      );
      await rejectsWith(
        reopened.saveToken({ id: saved.id, apiDomain: 'x' }, { expectedVersion: 0 }),
        'VERSION_CONFLICT',
        'expectedVersion after reopen',
      );
      assert.equal(await reopened.findTokenById(gone.id), null, 'deletion persisted');
      const written = await reopened.saveToken(
        { id: saved.id, apiDomain: 'x' },
        { expectedVersion: 1 },
      );
      assert.equal(written.version, 2, 'versions continue');
      assert.equal(
        (await store.findTokenById(saved.id))?.version,
        2,
        'visible to the first instance',
      );
    },
  },
  ['persistence'],
);
