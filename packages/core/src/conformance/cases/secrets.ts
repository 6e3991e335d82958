import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { SECRET_FIELDS, type TokenInput } from '../../token.js';
import { rejectsWith } from '../expect.js';
import type { ConformanceContext } from '../types.js';
import { group } from './define.js';

function secretsOf(token: TokenInput): string[] {
  return SECRET_FIELDS.map((field) => token[field]).filter(
    (v): v is string => typeof v === 'string',
  );
}

function assertNoSecret(text: string, secrets: readonly string[], what: string): void {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${what} shows a secret value`);
  }
}

function assertErrorClean(error: Error, secrets: readonly string[], what: string): void {
  assertNoSecret(error.message, secrets, `${what}: the message`);
  assertNoSecret(String(error.stack), secrets, `${what}: the stack`);
  assertNoSecret(inspect(error, { depth: 10 }), secrets, `${what}: util.inspect of the error`);
  assertNoSecret(JSON.stringify(error), secrets, `${what}: JSON of the error`);
}

/** Secrets long and distinctive enough that a chance match is impossible. */
function secretToken(t: ConformanceContext, overrides: TokenInput = {}): TokenInput {
  return t.token({
    clientSecret: t.unique('SECRET-client'),
    grantToken: t.unique('SECRET-grant'),
    refreshToken: t.unique('SECRET-refresh'),
    accessToken: t.unique('SECRET-access'),
    ...overrides,
  });
}

export const secretCases = group('secrets', {
  'error messages, stacks and inspected errors never show a secret': async (t) => {
    const store = await t.store();
    const a = secretToken(t);
    const saved = await store.saveToken(a);
    const secrets = secretsOf(a);
    const bad = { ...secretToken(t), expiresAt: 'soon' } as unknown as TokenInput;
    assertErrorClean(
      await rejectsWith(store.saveToken(bad), 'INVALID_TOKEN', 'invalid'),
      [...secrets, ...secretsOf(bad)],
      'INVALID_TOKEN',
    );
    const dup = secretToken(t, { accessToken: a.accessToken });
    assertErrorClean(
      await rejectsWith(store.saveToken(dup), 'DUPLICATE_KEY', 'duplicate'),
      [...secrets, ...secretsOf(dup)],
      'DUPLICATE_KEY',
    );
    assertErrorClean(
      await rejectsWith(
        store.saveToken({ ...a, id: saved.id }, { expectedVersion: 5 }),
        'VERSION_CONFLICT',
        'conflict',
      ),
      secrets,
      'VERSION_CONFLICT',
    );
    const query = { accessToken: { $ne: a.accessToken } } as unknown as TokenInput;
    assertErrorClean(
      await rejectsWith(store.findToken(query), 'INVALID_TOKEN', 'bad query'),
      secrets,
      'INVALID_TOKEN of a query',
    );
    await store.close();
    assertErrorClean(
      await rejectsWith(store.saveToken(a), 'STORE_CLOSED', 'closed'),
      secrets,
      'STORE_CLOSED',
    );
  },

  // The case above takes an accessToken only: a store may name the value of the unique key it
  // found taken, which for the pairs is a refresh or grant token.
  'no DUPLICATE_KEY error shows a secret, whichever unique value is taken': async (t) => {
    const store = await t.store();
    const a = secretToken(t);
    await store.saveToken(a);
    const b = await store.saveToken(secretToken(t));
    const { userName, clientId, accessToken, refreshToken, grantToken } = a;
    for (const take of [
      { accessToken },
      { clientId, refreshToken },
      { clientId, grantToken },
      { userName },
    ]) {
      const what = Object.keys(take).join(' + ');
      const insert = secretToken(t, { id: t.unique('id'), ...take });
      assertErrorClean(
        await rejectsWith(store.saveToken(insert), 'DUPLICATE_KEY', `insert taking ${what}`),
        [...secretsOf(a), ...secretsOf(insert)],
        `DUPLICATE_KEY of an insert taking ${what}`,
      );
      const update = secretToken(t, { ...take, id: b.id });
      assertErrorClean(
        await rejectsWith(store.saveToken(update), 'DUPLICATE_KEY', `update taking ${what}`),
        [...secretsOf(a), ...secretsOf(b), ...secretsOf(update)],
        `DUPLICATE_KEY of an update taking ${what}`,
      );
    }
  },

  'no STORE_CLOSED error shows a secret, whichever call and lookup rule': async (t) => {
    const store = await t.store();
    const a = secretToken(t);
    const saved = await store.saveToken(a);
    await store.close();
    const { clientId, clientSecret, accessToken, refreshToken, grantToken } = a;
    const calls: [string, () => Promise<unknown>][] = [
      ['findToken by accessToken', () => store.findToken({ accessToken })],
      [
        'findToken by refreshToken',
        () => store.findToken({ clientId, clientSecret, refreshToken }),
      ],
      ['findToken by grantToken', () => store.findToken({ clientId, clientSecret, grantToken })],
      ['saveToken by id', () => store.saveToken({ ...a, id: saved.id })],
      ['saveToken with expectedVersion', () => store.saveToken(a, { expectedVersion: 1 })],
    ];
    for (const [what, call] of calls) {
      assertErrorClean(await rejectsWith(call, 'STORE_CLOSED', what), secretsOf(a), what);
    }
  },

  'util.inspect of a store shows no secret': async (t) => {
    const store = await t.store();
    const tokens = [secretToken(t), secretToken(t)];
    for (const token of tokens) await store.saveToken(token);
    await store.findToken({ accessToken: tokens[0]?.accessToken });
    const secrets = tokens.flatMap(secretsOf);
    assertNoSecret(inspect(store, { depth: 10 }), secrets, 'util.inspect of the store');
    assertNoSecret(inspect(store, { depth: 10, showHidden: true }), secrets, 'with showHidden');
  },
});
