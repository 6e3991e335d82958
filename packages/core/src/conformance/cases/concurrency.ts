import assert from 'node:assert/strict';
import { isTokenStoreError } from '../../errors.js';
import type { StoredToken } from '../../token.js';
import { assertOneTokenCounting } from '../one-token.js';
import { otherUniqueKeys } from '../unique-keys.js';
import { group } from './define.js';

const WRITERS = 16;
/**
 * Writers per token in the races added for other keys, ids and instances: each lost race is a
 * retry, which costs seconds on a slow server (moto); two writers already lose one.
 */
const FEW_WRITERS = 8;

/** Every save resolves (else fails naming the codes it rejected with); the tokens they gave. */
async function allResolve(
  saves: readonly Promise<StoredToken>[],
  what: string,
): Promise<StoredToken[]> {
  const settled = await Promise.allSettled(saves);
  const codes = settled.flatMap((s) =>
    s.status === 'rejected' ? [String((s.reason as { code?: unknown })?.code ?? s.reason)] : [],
  );
  assert.deepEqual(codes, [], `${what}: every save resolves`);
  return settled.map((s) => (s as PromiseFulfilledResult<StoredToken>).value);
}

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
      for (const { what, label, fields } of otherUniqueKeys(t.unique)) {
        const value = t.unique(`shared-${label}`);
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.saveToken({ userName: t.unique(`user${i}`), ...fields(value) }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
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

      // The userName case above passes a store that handles a lost insert race only for the key
      // its upsert names (ON CONFLICT (user_name)): the other rules race the same way.
      'concurrent saves of one key all resolve into one token, whichever lookup rule finds it':
        async (t) => {
          const store = await t.store();
          const keys = otherUniqueKeys(t.unique);
          await Promise.all(
            keys.map(async ({ what, label, fields }) => {
              const key = fields(t.unique(label));
              const saved = await allResolve(
                Array.from({ length: FEW_WRITERS }, (_, i) =>
                  store.saveToken({ ...key, expiresAt: i }),
                ),
                what,
              );
              assertOneTokenCounting(saved, what);
            }),
          );
          assert.equal((await store.getTokens()).length, keys.length, 'one token per key');
        },

      // Saves under an id no token has race to insert it: the losers update the winner. A
      // backend whose insert overwrites a record with the same id (an upsert) loses saves.
      'concurrent saves under one new id all resolve into one token whose version counts them':
        async (t) => {
          const store = await t.store();
          const id = t.unique('id');
          const inputs = Array.from({ length: FEW_WRITERS }, (_, i) => ({
            id,
            userName: t.unique(`user${i}`),
            accessToken: t.unique(`access${i}`),
          }));
          const saved = await allResolve(
            inputs.map((input) => store.saveToken(input)),
            'one new id',
          );
          assertOneTokenCounting(saved, 'one new id');
          const last = saved.find((token) => token.version === FEW_WRITERS);
          assert.deepEqual(await store.findTokenById(id), last, 'the last save is stored');
          for (const { userName } of inputs.filter((input) => input.userName !== last?.userName)) {
            assert.equal(await store.findToken({ userName }), null, 'a replaced userName');
            const again = await store.saveToken({ userName, accessToken: t.unique('again') });
            assert.equal(again.version, 1, 'a replaced userName is free for a new token');
          }
          assert.equal((await store.getTokens()).length, FEW_WRITERS, 'no token lost or doubled');
        },
    },
    ['atomicConditionalWrites'],
  ),
  ...group(
    'concurrency',
    {
      // One instance passes a store that serialises its saves with a lock of its own around a
      // find and a write: two instances (two app servers) on one backend do not share it.
      'concurrent saves of one key through two instances all resolve into one token whose version counts them':
        async (t) => {
          const a = await t.store();
          const b = await t.reopen(a);
          const userName = t.unique('user');
          const saved = await allResolve(
            Array.from({ length: FEW_WRITERS }, (_, i) =>
              (i % 2 === 0 ? a : b).saveToken({ userName, accessToken: t.unique(`access-${i}`) }),
            ),
            'two instances',
          );
          assertOneTokenCounting(saved, 'two instances');
          assert.equal((await a.getTokens()).length, 1, 'exactly one token stored');
        },
    },
    ['persistence', 'atomicConditionalWrites'],
  ),
];
