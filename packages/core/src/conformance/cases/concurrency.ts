import assert from 'node:assert/strict';
import { isTokenStoreError } from '../../errors.js';
import { group } from './define.js';

const WRITERS = 16;

export const concurrencyCases = [
  ...group('concurrency', {
    'concurrent saves of distinct keys give one token each, with distinct ids': async (t) => {
      const store = await t.store();
      const saved = await Promise.all(
        Array.from({ length: WRITERS }, () => store.saveToken(t.token())),
      );
      assert.equal(new Set(saved.map((token) => token.id)).size, WRITERS, 'distinct ids');
      assert.equal((await store.getTokens()).length, WRITERS, 'one token each');
    },

    'concurrent inserts of different users sharing a unique value: exactly one succeeds': async (
      t,
    ) => {
      const store = await t.store();
      const shared = { clientId: t.unique('client'), clientSecret: 's' };
      const variants = [
        (v: string) => ({ accessToken: v }),
        (v: string) => ({ ...shared, refreshToken: v }),
        (v: string) => ({ ...shared, grantToken: v }),
      ];
      for (const [k, variant] of variants.entries()) {
        const value = t.unique(`shared-${k}`);
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.saveToken({ userName: t.unique(`user${i}`), ...variant(value) }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const what = Object.keys(variant(value)).join(' + ');
        assert.equal(won.length, 1, `${what}: exactly one of 8 concurrent inserts wins`);
        for (const r of results) {
          if (r.status === 'rejected') {
            assert.ok(
              isTokenStoreError(r.reason, 'DUPLICATE_KEY'),
              `${what}: the others are duplicates`,
            );
          }
        }
      }
      assert.equal((await store.getTokens()).length, 3, 'three tokens stored');
    },

    'concurrent inserts with expectedVersion 0 create exactly one token': async (t) => {
      const store = await t.store();
      const userName = t.unique('user');
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.saveToken({ userName, accessToken: t.unique(`a${i}`) }, { expectedVersion: 0 }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, 'exactly one insert wins');
      for (const r of results) {
        if (r.status === 'rejected') {
          assert.ok(isTokenStoreError(r.reason, 'VERSION_CONFLICT'), 'the others conflict');
        }
      }
      assert.equal((await store.getTokens()).length, 1, 'one token stored');
    },
  }),
  ...group(
    'concurrency',
    {
      'concurrent saves of one key all resolve into one token whose version counts them': async (
        t,
      ) => {
        const store = await t.store();
        const userName = t.unique('user');
        const saved = await Promise.all(
          Array.from({ length: WRITERS }, (_, i) =>
            store.saveToken({ userName, accessToken: t.unique(`access-${i}`), expiresAt: i }),
          ),
        );
        assert.equal(new Set(saved.map((token) => token.id)).size, 1, 'one id');
        assert.deepEqual(
          saved.map((token) => token.version).sort((x, y) => x - y),
          Array.from({ length: WRITERS }, (_, i) => i + 1),
          'each save got its own version',
        );
        const all = await store.getTokens();
        assert.equal(all.length, 1, 'exactly one token stored');
        assert.equal(all[0]?.version, WRITERS, 'its version counts every save');
      },

      'of concurrent saves with the same expectedVersion exactly one succeeds': async (t) => {
        const store = await t.store();
        const a = t.token();
        const saved = await store.saveToken(a);
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.saveToken({ userName: a.userName, expiresAt: i }, { expectedVersion: 1 }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        assert.equal(won.length, 1, 'exactly one wins');
        for (const r of results) {
          if (r.status === 'rejected') {
            assert.ok(isTokenStoreError(r.reason, 'VERSION_CONFLICT'), 'the others conflict');
          }
        }
        assert.equal((await store.findTokenById(saved.id))?.version, 2, 'one write happened');
      },
    },
    ['atomicConditionalWrites'],
  ),
];
