import assert from 'node:assert/strict';
import type { TokenInput } from '../../token.js';
import { assertHolds, assertIsToken } from '../expect.js';
import { HOSTILE_STRINGS, largeValue } from '../values.js';
import { group } from './define.js';

export const roundTripCases = group('round trip', {
  'a full token round-trips through every read': async (t) => {
    const store = await t.store();
    const input = t.token();
    const saved = await store.saveToken(input);
    assert.equal(typeof saved.id, 'string', 'the store assigns a string id');
    assert.ok(saved.id.length > 0, 'the assigned id is not empty');
    assert.equal(saved.version, 1, 'version is 1 on insert');
    assertHolds(saved, input, 'saveToken result');
    assertHolds(await store.findTokenById(saved.id), input, 'findTokenById');
    assertHolds(await store.findToken({ userName: input.userName }), input, 'findToken');
    const all = await store.getTokens();
    assert.equal(all.length, 1, 'getTokens holds the one token');
    assertHolds(all[0] ?? null, input, 'getTokens');
  },

  'hostile strings round-trip byte for byte in every field and lookup': async (t) => {
    const store = await t.store();
    for (const value of HOSTILE_STRINGS) {
      const input: TokenInput = {
        userName: value,
        clientId: value,
        clientSecret: value,
        redirectUrl: value,
        grantToken: value,
        refreshToken: value,
        accessToken: value,
        apiDomain: value,
      };
      const saved = await store.saveToken(input);
      const what = `value ${JSON.stringify(value)}`;
      assertHolds(saved, input, `${what}: save`);
      assertHolds(await store.findTokenById(saved.id), input, `${what}: by id`);
      assertIsToken(await store.findToken({ userName: value }), saved.id, `${what}: by userName`);
      assertIsToken(await store.findToken({ accessToken: value }), saved.id, `${what}: by access`);
      assertIsToken(
        await store.findToken({ clientId: value, clientSecret: value, grantToken: value }),
        saved.id,
        `${what}: by grant`,
      );
      assertIsToken(
        await store.findToken({ clientId: value, clientSecret: value, refreshToken: value }),
        saved.id,
        `${what}: by refresh`,
      );
    }
    assert.equal((await store.getTokens()).length, HOSTILE_STRINGS.length, 'one token per value');
  },

  'hostile ids round-trip': async (t) => {
    const store = await t.store();
    for (const [i, value] of HOSTILE_STRINGS.entries()) {
      const input = t.token({ id: value });
      const saved = await store.saveToken(input);
      assert.equal(saved.id, value, `id ${i} is kept as given`);
      assertHolds(await store.findTokenById(value), input, `id ${JSON.stringify(value)}`);
    }
  },

  'wildcard characters match literally': async (t) => {
    const store = await t.store();
    const names = ['a%', 'abc', 'a_c', 'a\\c', 'a*', 'a?'];
    const ids = new Map<string, string>();
    for (const userName of names) {
      ids.set(userName, (await store.saveToken({ userName, accessToken: t.unique('a') })).id);
    }
    for (const userName of names) {
      assertIsToken(await store.findToken({ userName }), ids.get(userName) ?? '', userName);
    }
    for (const pattern of ['%', '_', 'a', 'a_', '*', 'ab%', '.*']) {
      assert.equal(await store.findToken({ userName: pattern }), null, `${pattern} is literal`);
    }
  },

  '16 KiB values round-trip and can be looked up': async (t) => {
    const store = await t.store();
    const input = t.token({
      accessToken: largeValue(16_384),
      refreshToken: largeValue(16_384),
      grantToken: largeValue(16_384),
    });
    const saved = await store.saveToken(input);
    assertHolds(await store.findTokenById(saved.id), input, 'by id');
    assertIsToken(await store.findToken({ accessToken: input.accessToken }), saved.id, 'by access');
    const { clientId, clientSecret, refreshToken, grantToken } = input;
    assertIsToken(
      await store.findToken({ clientId, clientSecret, grantToken }),
      saved.id,
      'by grant',
    );
    assertIsToken(
      await store.findToken({ clientId, clientSecret, refreshToken }),
      saved.id,
      'by refresh',
    );
  },

  'expiresAt keeps 0 and the largest safe integer': async (t) => {
    const store = await t.store();
    for (const expiresAt of [0, 1, Number.MAX_SAFE_INTEGER]) {
      const saved = await store.saveToken(t.token({ expiresAt }));
      assert.equal((await store.findTokenById(saved.id))?.expiresAt, expiresAt, `${expiresAt}`);
    }
  },
});
