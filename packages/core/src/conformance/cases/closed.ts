import assert from 'node:assert/strict';
import type { TokenStore } from '../../store.js';
import { rejectsWith } from '../expect.js';
import { group } from './define.js';

async function drain(store: TokenStore): Promise<void> {
  for await (const _token of store.tokens()) {
    // Consuming is the point: a closed store must reject.
  }
}

export const closedCases = group('closed', {
  'a closed store rejects every call with STORE_CLOSED': async (t) => {
    const store = await t.store();
    const a = t.token();
    const saved = await store.saveToken(a);
    await store.close();
    await rejectsWith(store.findToken({ userName: a.userName }), 'STORE_CLOSED', 'findToken');
    await rejectsWith(store.findTokenById(saved.id), 'STORE_CLOSED', 'findTokenById');
    await rejectsWith(store.saveToken(t.token()), 'STORE_CLOSED', 'saveToken');
    await rejectsWith(store.deleteToken(saved.id), 'STORE_CLOSED', 'deleteToken');
    await rejectsWith(store.getTokens(), 'STORE_CLOSED', 'getTokens');
    await rejectsWith(() => drain(store), 'STORE_CLOSED', 'tokens()');
    await rejectsWith(store.deleteTokens(), 'STORE_CLOSED', 'deleteTokens');
  },

  'close can be called twice': async (t) => {
    const store = await t.store();
    await store.close();
    await store.close();
    await rejectsWith(store.getTokens(), 'STORE_CLOSED', 'still closed');
  },

  'closing one store leaves another on the same backend working': async (t) => {
    const one = await t.store();
    const two = await t.store();
    const saved = await two.saveToken(t.token());
    await one.close();
    assert.deepEqual(await two.findTokenById(saved.id), saved, 'the other store still reads');
    assert.equal((await two.saveToken(t.token())).version, 1, 'and writes');
  },
});
