import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TokenStore } from '../../store.js';
import { assertIsToken } from '../expect.js';
import type { ConformanceContext } from '../types.js';
import { group } from './define.js';

/** A short random base for namespace names: a letter, then letters and digits. */
function namespaceBase(): string {
  return `ns${randomBytes(5).toString('hex')}`;
}

/** The separators key layouts, paths and CSV use, in the names the suite tries. */
const SEPARATED = [':', '/', ',', '{', '}', '.', '-', ' ', '*', '|'];

/**
 * The same token in every store (same id, same unique values), then: each store sees exactly
 * its own, and deleteTokens on the first leaves the others intact.
 */
async function assertIsolated(
  t: ConformanceContext,
  stores: readonly { name: string; store: TokenStore }[],
): Promise<void> {
  const token = t.token({ id: t.unique('same-id') });
  for (const { name, store } of stores) await store.saveToken({ ...token, apiDomain: name });
  for (const { name, store } of stores) {
    const all = await store.getTokens();
    assert.equal(all.length, 1, `namespace ${JSON.stringify(name)} lists only its own token`);
    assert.equal(all[0]?.apiDomain, name, `namespace ${JSON.stringify(name)} holds its own copy`);
    assert.equal((await store.findTokenById(token.id ?? ''))?.apiDomain, name, `${name}: by id`);
    assert.equal(
      (await store.findToken({ accessToken: token.accessToken }))?.apiDomain,
      name,
      `${name}: by accessToken`,
    );
  }
  const [first, ...others] = stores;
  await first?.store.deleteTokens();
  assert.deepEqual(await first?.store.getTokens(), [], 'the first namespace is cleared');
  for (const { name, store } of others) {
    assert.equal(
      (await store.getTokens()).length,
      1,
      `deleteTokens of ${first?.name} left ${name}`,
    );
  }
}

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

  'namespaces that are prefixes of each other are isolated (names chosen by the suite)': async (
    t,
  ) => {
    const base = namespaceBase();
    const names = [base, `${base}_1`, `${base}_12`, `${base}1`, `${base}_`];
    const stores = [];
    for (const name of names) {
      const store = await t.storeIn(name, true);
      if (store !== undefined) stores.push({ name, store });
    }
    await assertIsolated(t, stores);
  },

  'namespaces holding separators are isolated, or refused when the store is opened': async (t) => {
    const base = namespaceBase();
    const candidates = [base, ...SEPARATED.flatMap((s) => [`${base}${s}x`, `${base}${s}`])];
    const stores = [];
    for (const name of candidates) {
      const store = await t.storeIn(name, name === base);
      if (store !== undefined) stores.push({ name, store });
    }
    await assertIsolated(t, stores);
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
