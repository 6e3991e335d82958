import assert from 'node:assert/strict';
import { saveMany, seededRandom } from '../bulk.js';
import { group } from './define.js';

const listing = group('listing', {
  'getTokens returns every stored token once': async (t) => {
    const store = await t.store();
    const ids = new Set<string>();
    for (let i = 0; i < 15; i++) ids.add((await store.saveToken(t.token())).id);
    const all = await store.getTokens();
    assert.equal(all.length, 15, 'fifteen tokens');
    assert.deepEqual(new Set(all.map((token) => token.id)), ids, 'each once');
  },

  'tokens() pages through every token exactly once': async (t) => {
    const store = await t.store();
    const saved = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const token = await store.saveToken(t.token());
      saved.set(token.id, token.version);
    }
    for (const pageSize of [1, 7, 1000]) {
      const seen = new Map<string, number>();
      for await (const token of store.tokens({ pageSize })) {
        assert.ok(!seen.has(token.id), `pageSize ${pageSize}: ${token.id} yielded twice`);
        seen.set(token.id, token.version);
      }
      assert.deepEqual(seen, saved, `pageSize ${pageSize}: every token once`);
    }
  },

  'tokens() and getTokens() list more tokens than any page a store uses on its own': async (t) => {
    const store = await t.store();
    const saved = await saveMany(t, store, 260);
    const ids = new Set(saved.map((token) => token.id));
    const all = await store.getTokens();
    assert.equal(all.length, 260, 'getTokens: every one of 260 tokens');
    assert.deepEqual(new Set(all.map((token) => token.id)), ids, 'getTokens: each once');
    for (const options of [undefined, { pageSize: 64 }, { pageSize: 1000 }]) {
      const seen = new Map<string, number>();
      for await (const token of store.tokens(options)) {
        seen.set(token.id, (seen.get(token.id) ?? 0) + 1);
      }
      const what = `tokens(${options ? JSON.stringify(options) : ''})`;
      assert.equal(seen.size, 260, `${what}: every token`);
      assert.ok(
        [...seen.values()].every((n) => n === 1),
        `${what}: each once`,
      );
    }
  },

  'while tokens() runs, saves and deletes of other tokens never drop or repeat one': async (t) => {
    const store = await t.store();
    const random = seededRandom(t.seed);
    const saved = await saveMany(t, store, 210);
    // Tokens the listing must yield exactly once: stored throughout and never touched.
    const untouched = new Map(saved.map((token) => [token.id, token]));
    const touched = new Set<string>();
    const pick = () => {
      const ids = [...untouched.keys()];
      const id = ids[Math.floor(random() * ids.length)] as string;
      untouched.delete(id);
      touched.add(id);
      return id;
    };
    for (const pageSize of [undefined, 7]) {
      const seen = new Map<string, number>();
      let listed = 0;
      for await (const token of store.tokens(pageSize ? { pageSize } : {})) {
        seen.set(token.id, (seen.get(token.id) ?? 0) + 1);
        if (++listed % 9 !== 0) continue;
        // Writes elsewhere in the store, before and after the cursor.
        await store.deleteToken(pick());
        const changed = pick();
        await store.saveToken({
          id: changed,
          userName: t.unique('moved'),
          accessToken: t.unique('moved'),
        });
        const fresh = await store.saveToken(
          t.token({ id: random() < 0.5 ? ` ${t.unique('early')}` : undefined }),
        );
        touched.add(fresh.id);
      }
      const what = `pageSize ${pageSize ?? 'default'}`;
      for (const id of untouched.keys()) {
        assert.equal(seen.get(id), 1, `${what}: untouched token ${id} listed exactly once`);
      }
      for (const [id, n] of seen) assert.ok(n <= 1, `${what}: ${id} listed ${n} times`);
    }
  },

  'an empty store lists nothing': async (t) => {
    const store = await t.store();
    assert.deepEqual(await store.getTokens(), [], 'getTokens');
    for await (const token of store.tokens()) assert.fail(`unexpected token ${token.id}`);
  },

  'tokens() can stop early': async (t) => {
    const store = await t.store();
    for (let i = 0; i < 5; i++) await store.saveToken(t.token());
    let count = 0;
    for await (const _token of store.tokens({ pageSize: 2 })) {
      if (++count === 3) break;
    }
    assert.equal(count, 3, 'stopped after three');
    assert.equal((await store.getTokens()).length, 5, 'the store still works');
  },
});

/** The listing cases; the one with writes during the listing chooses them from the seed. */
export const listingCases = listing.map((testCase) =>
  testCase.name.startsWith('while tokens() runs')
    ? { ...testCase, seeded: true, requires: ['listingDuringWrites'] as const }
    : testCase,
);
