import assert from 'node:assert/strict';
import type { TokenStore, TokensOptions } from '../../store.js';
import type { TokenInput } from '../../token.js';
import { rejectsWith } from '../expect.js';
import { group } from './define.js';

async function drain(store: TokenStore, options?: TokensOptions): Promise<void> {
  for await (const _token of store.tokens(options)) {
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

  'a closed store rejects with STORE_CLOSED whatever the arguments, valid or not': async (t) => {
    const store = await t.store();
    const saved = await store.saveToken(t.token());
    await store.close();
    const bad = { accessToken: { $ne: null } } as unknown as TokenInput;
    const calls: [string, () => Promise<unknown>][] = [
      ['findToken({}) (no lookup key)', () => store.findToken({})],
      ['findToken({ id }) (no lookup key)', () => store.findToken({ id: saved.id })],
      ['findToken with an operator object', () => store.findToken(bad)],
      ['findToken(null)', () => store.findToken(null as unknown as TokenInput)],
      ['findTokenById("")', () => store.findTokenById('')],
      ['findTokenById(42)', () => store.findTokenById(42 as unknown as string)],
      ['deleteToken("")', () => store.deleteToken('')],
      ['deleteToken({})', () => store.deleteToken({} as unknown as string)],
      ['saveToken({})', () => store.saveToken({})],
      ['saveToken(null)', () => store.saveToken(null as unknown as TokenInput)],
      ['saveToken with an operator object', () => store.saveToken(bad)],
      [
        'saveToken with expectedVersion -1',
        () => store.saveToken(t.token(), { expectedVersion: -1 }),
      ],
      ['tokens({ pageSize: 0 })', () => drain(store, { pageSize: 0 })],
      ['tokens({ pageSize: 2 })', () => drain(store, { pageSize: 2 })],
      ['getTokens()', () => store.getTokens()],
      ['deleteTokens()', () => store.deleteTokens()],
    ];
    for (const [what, call] of calls) await rejectsWith(call, 'STORE_CLOSED', what);
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
