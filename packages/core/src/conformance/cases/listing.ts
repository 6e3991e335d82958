import assert from 'node:assert/strict';
import { group } from './define.js';

export const listingCases = group('listing', {
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
