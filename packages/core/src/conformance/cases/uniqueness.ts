import assert from 'node:assert/strict';
import type { TokenStore } from '../../store.js';
import type { StoredToken, TokenInput } from '../../token.js';
import { rejectsWith } from '../expect.js';
import type { ConformanceContext } from '../types.js';
import { group } from './define.js';

/** Saves a holder token, then asserts that `intruder` is refused and nothing changed. */
async function assertTaken(
  t: ConformanceContext,
  holder: TokenInput,
  intruder: (holder: TokenInput) => TokenInput,
  what: string,
): Promise<{ store: TokenStore; saved: StoredToken }> {
  const store = await t.store();
  const saved = await store.saveToken(holder);
  await rejectsWith(store.saveToken(intruder(holder)), 'DUPLICATE_KEY', what);
  assert.deepEqual(await store.getTokens(), [saved], `${what}: nothing changed`);
  return { store, saved };
}

export const uniquenessCases = group('uniqueness', {
  'a second token cannot take a userName': async (t) => {
    await assertTaken(
      t,
      t.token(),
      (a) => t.token({ id: t.unique('other-id'), userName: a.userName }),
      'insert by id with a taken userName',
    );
  },

  'a second token cannot take an accessToken': async (t) => {
    await assertTaken(
      t,
      t.token(),
      (a) => t.token({ accessToken: a.accessToken }),
      'insert with a taken accessToken',
    );
  },

  'a (clientId, refreshToken) pair is unique, the refreshToken alone is not': async (t) => {
    const { store } = await assertTaken(
      t,
      t.token(),
      (a) => t.token({ clientId: a.clientId, refreshToken: a.refreshToken }),
      'insert with a taken clientId + refreshToken',
    );
    const [a] = await store.getTokens();
    const other = await store.saveToken(t.token({ refreshToken: a?.refreshToken }));
    assert.equal(other.version, 1, 'the same refreshToken under another clientId is fine');
  },

  'a (clientId, grantToken) pair is unique, the grantToken alone is not': async (t) => {
    const { store } = await assertTaken(
      t,
      t.token(),
      (a) => t.token({ clientId: a.clientId, grantToken: a.grantToken }),
      'insert with a taken clientId + grantToken',
    );
    const [a] = await store.getTokens();
    const other = await store.saveToken(t.token({ grantToken: a?.grantToken }));
    assert.equal(other.version, 1, 'the same grantToken under another clientId is fine');
  },

  'an update that would take another token’s value is refused and changes nothing': async (t) => {
    const store = await t.store();
    const a = t.token();
    await store.saveToken(a);
    const b = await store.saveToken(t.token());
    const takes: TokenInput[] = [
      { accessToken: a.accessToken },
      { userName: a.userName },
      { clientId: a.clientId, refreshToken: a.refreshToken },
      { clientId: a.clientId, grantToken: a.grantToken },
    ];
    for (const take of takes) {
      await rejectsWith(
        store.saveToken({ ...take, id: b.id, apiDomain: 'changed' }),
        'DUPLICATE_KEY',
        `update taking ${Object.keys(take).join('+')}`,
      );
    }
    assert.deepEqual(await store.findTokenById(b.id), b, 'the updated token is unchanged');
    assert.equal((await store.getTokens()).length, 2, 'still two tokens');
  },

  'a unique value given up by one token can be taken by another': async (t) => {
    const store = await t.store();
    const a = t.token();
    await store.saveToken(a);
    await store.saveToken({ userName: a.userName, accessToken: t.unique('rotated') });
    const b = await store.saveToken(t.token({ accessToken: a.accessToken }));
    assert.equal(b.accessToken, a.accessToken, 'taken over');
    assert.equal((await store.findToken({ accessToken: a.accessToken }))?.id, b.id, 'found');
  },
});
