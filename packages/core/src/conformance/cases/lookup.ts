import assert from 'node:assert/strict';
import { assertIsToken } from '../expect.js';
import { group } from './define.js';

export const lookupCases = group('lookup', {
  'rule 1: userName decides and no other field is consulted': async (t) => {
    const store = await t.store();
    const a = t.token();
    const b = t.token();
    const savedA = await store.saveToken(a);
    await store.saveToken(b);
    assertIsToken(
      await store.findToken({ userName: a.userName, accessToken: b.accessToken }),
      savedA.id,
      'userName wins over accessToken',
    );
    const { clientId, clientSecret, refreshToken } = b;
    assertIsToken(
      await store.findToken({ userName: a.userName, clientId, clientSecret, refreshToken }),
      savedA.id,
      'userName wins over clientId + refreshToken',
    );
    assert.equal(
      await store.findToken({ userName: t.unique('nobody'), accessToken: a.accessToken }),
      null,
      'an unknown userName finds nothing even with a known accessToken',
    );
  },

  'rule 2: accessToken when clientId and clientSecret are both absent': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    assertIsToken(await store.findToken({ accessToken: a.accessToken }), saved.id, 'by access');
    assertIsToken(
      await store.findToken({ accessToken: a.accessToken, apiDomain: 'other', grantToken: 'x' }),
      saved.id,
      'other fields are not consulted',
    );
    assert.equal(
      await store.findToken({ accessToken: a.accessToken, clientId: a.clientId }),
      null,
      'with clientId present no rule applies',
    );
    assert.equal(
      await store.findToken({ accessToken: a.accessToken, clientSecret: a.clientSecret }),
      null,
      'with clientSecret present no rule applies',
    );
  },

  'rule 3: clientId and clientSecret with grantToken, otherwise refreshToken': async (t) => {
    const store = await t.store();
    const a = t.token({ userName: null, accessToken: null });
    const saved = await store.saveToken(a);
    const { clientId, clientSecret, grantToken, refreshToken } = a;
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
    assert.equal(
      await store.findToken({ clientId, clientSecret, grantToken: t.unique('g'), refreshToken }),
      null,
      'a given grantToken is used, not the refreshToken',
    );
    assert.equal(
      await store.findToken({ clientId: t.unique('c'), clientSecret, grantToken }),
      null,
      'the clientId must match',
    );
    assert.equal(
      await store.findToken({ clientId, grantToken, refreshToken }),
      null,
      'without clientSecret no rule applies',
    );
    assertIsToken(
      await store.findToken({ clientId, clientSecret: t.unique('other-secret'), refreshToken }),
      saved.id,
      'the clientSecret is required but not compared',
    );
  },

  'rule 4: without a lookup key nothing is found and saves insert': async (t) => {
    const store = await t.store();
    const a = t.token();
    await store.saveToken(a);
    for (const query of [
      {},
      { apiDomain: a.apiDomain },
      { clientId: a.clientId, clientSecret: a.clientSecret },
      { clientId: a.clientId, clientSecret: a.clientSecret, accessToken: a.accessToken },
      { refreshToken: a.refreshToken },
      { grantToken: a.grantToken, clientId: a.clientId },
    ]) {
      assert.equal(await store.findToken(query), null, `query ${Object.keys(query).join('+')}`);
    }
    const refreshToken = t.unique('refresh');
    const first = await store.saveToken({ refreshToken });
    const second = await store.saveToken({ refreshToken });
    assert.notEqual(first.id, second.id, 'two inserts, two ids');
    assert.equal((await store.getTokens()).length, 3, 'three tokens stored');
  },

  'findToken consults only the lookup key: an id in a query is ignored': async (t) => {
    const store = await t.store();
    const a = await store.saveToken(t.token());
    const b = await store.saveToken(t.token());
    assert.equal(await store.findToken({ id: a.id }), null, 'a query with just an id has no key');
    assertIsToken(
      await store.findToken({ userName: a.userName, id: b.id }),
      a.id,
      'userName with another token’s id finds the userName’s token',
    );
    assertIsToken(
      await store.findToken({ accessToken: b.accessToken, id: a.id }),
      b.id,
      'accessToken with another token’s id finds the accessToken’s token',
    );
    assert.equal(
      await store.findToken({ userName: t.unique('nobody'), id: a.id }),
      null,
      'an unknown userName with a known id finds nothing',
    );
  },

  'matching is exact and case-sensitive': async (t) => {
    const store = await t.store();
    const userName = `Alice-${t.unique('x')}@Example.com`;
    const accessToken = `Tok-${t.unique('a')}`;
    const saved = await store.saveToken({ userName, accessToken });
    assertIsToken(await store.findToken({ userName }), saved.id, 'exact');
    for (const other of [
      userName.toLowerCase(),
      userName.toUpperCase(),
      userName.slice(0, -1),
      `${userName} `,
      ` ${userName}`,
      `${userName}\u0000`,
    ]) {
      assert.equal(
        await store.findToken({ userName: other }),
        null,
        `userName ${JSON.stringify(other)}`,
      );
    }
    for (const other of [accessToken.toLowerCase(), accessToken.slice(1), `${accessToken}x`]) {
      assert.equal(await store.findToken({ accessToken: other }), null, `accessToken ${other}`);
    }
  },

  'a store never returns the token of another key': async (t) => {
    const store = await t.store();
    const inputs = Array.from({ length: 12 }, () => t.token());
    const ids = [];
    for (const input of inputs) ids.push((await store.saveToken(input)).id);
    for (const [i, a] of inputs.entries()) {
      const id = ids[i] ?? '';
      const { clientId, clientSecret, refreshToken, grantToken } = a;
      assertIsToken(await store.findToken({ userName: a.userName }), id, `${i} by userName`);
      assertIsToken(await store.findToken({ accessToken: a.accessToken }), id, `${i} by access`);
      assertIsToken(
        await store.findToken({ clientId, clientSecret, grantToken }),
        id,
        `${i} by grant`,
      );
      assertIsToken(
        await store.findToken({ clientId, clientSecret, refreshToken }),
        id,
        `${i} by refresh`,
      );
      assertIsToken(await store.findTokenById(id), id, `${i} by id`);
    }
  },
});
