import assert from 'node:assert/strict';
import type { TokenStore } from '../../store.js';
import type { TokenInput } from '../../token.js';
import { assertHolds, assertIsToken } from '../expect.js';
import { literal } from '../model/literal.js';
import { EARLY_IDS, NEAR_MISS_FAMILIES } from '../model/pools.js';
import type { ConformanceCase, ConformanceContext } from '../types.js';

/**
 * Ids the suite gives are at most this long: the contract bounds no id, but a 16 KiB id is no
 * store's business (secret names, index keys); 16 KiB values are.
 */
const MAX_ID_LENGTH = 200;

/** The id a value's token is saved under: the value itself, or a short id for long values. */
function idFor(value: string): string {
  return value.length <= MAX_ID_LENGTH
    ? value
    : `long-${value.length}-${value.codePointAt(value.length - 1)}`;
}

/**
 * A token whose every string field is `value`, with the id {@link idFor} gives it. A long value
 * (a 16 KiB JWT) goes into the fields lookups use; the others get its short id, so the token
 * stays within what a real one holds (three large tokens, as the round-trip case stores) and
 * within a backend's record limit (64 KiB for a Secrets Manager secret, sealed).
 */
function allFields(value: string): TokenInput {
  const other = value.length > MAX_ID_LENGTH ? idFor(value) : value;
  return {
    id: idFor(value),
    userName: value,
    clientId: value,
    clientSecret: other,
    redirectUrl: other,
    grantToken: value,
    refreshToken: value,
    accessToken: value,
    apiDomain: other,
  };
}

/** Asserts `value`'s token is what every lookup of `value` finds, and each by id. */
async function assertFindsExactly(store: TokenStore, value: string, what: string): Promise<void> {
  const id = idFor(value);
  assertHolds(await store.findTokenById(id), allFields(value), `${what}: findTokenById`);
  assertIsToken(await store.findToken({ userName: value }), id, `${what}: by userName`);
  assertIsToken(await store.findToken({ accessToken: value }), id, `${what}: by accessToken`);
  assertIsToken(
    await store.findToken({ clientId: value, clientSecret: 'x', grantToken: value }),
    id,
    `${what}: by clientId + grantToken`,
  );
  assertIsToken(
    await store.findToken({ clientId: value, clientSecret: 'x', refreshToken: value }),
    id,
    `${what}: by clientId + refreshToken`,
  );
}

/** Asserts nothing answers to `value`: no token, no id, no delete. */
async function assertFindsNothing(store: TokenStore, value: string, what: string): Promise<void> {
  assert.equal(await store.findTokenById(idFor(value)), null, `${what}: findTokenById`);
  assert.equal(await store.findToken({ userName: value }), null, `${what}: by userName`);
  assert.equal(await store.findToken({ accessToken: value }), null, `${what}: by accessToken`);
  for (const key of ['grantToken', 'refreshToken'] as const) {
    assert.equal(
      await store.findToken({ clientId: value, clientSecret: 'x', [key]: value }),
      null,
      `${what}: by clientId + ${key}`,
    );
  }
  assert.equal(await store.deleteToken(idFor(value)), false, `${what}: deleteToken`);
}

function familyCases(family: string, values: readonly string[]): ConformanceCase[] {
  const label = (value: string) => literal(value).slice(0, 60);
  return [
    {
      group: 'adversarial values',
      name: `${family}: each value is its own token, id and key, and round-trips byte for byte`,
      run: async (t: ConformanceContext) => {
        const store = await t.store();
        for (const value of values) {
          const saved = await store.saveToken(allFields(value));
          assert.equal(
            saved.version,
            1,
            `${label(value)}: a new token, not an update of a near-miss`,
          );
          assertHolds(saved, allFields(value), `${label(value)}: saveToken result`);
        }
        for (const value of values) await assertFindsExactly(store, value, label(value));
        const listed = await store.getTokens();
        assert.equal(listed.length, values.length, 'one token per value');
        assert.deepEqual(
          new Set(listed.map((token) => token.id)),
          new Set(values.map(idFor)),
          'the listing holds every id as given',
        );
      },
    },
    {
      group: 'adversarial values',
      name: `${family}: a near-miss of a stored value finds nothing, deletes nothing, changes nothing`,
      run: async (t: ConformanceContext) => {
        for (const [i, stored] of values.entries()) {
          // A store per stored value, so that every other value of the family is a near-miss.
          if (i > 1 && values.length > 4) break; // two holders per family keep it fast
          const store = await t.store();
          const saved = await store.saveToken(allFields(stored));
          for (const other of values) {
            if (other !== stored) {
              await assertFindsNothing(store, other, `${label(other)} next to ${label(stored)}`);
            }
          }
          assert.deepEqual(await store.getTokens(), [saved], `${label(stored)}: unchanged`);
        }
      },
    },
  ];
}

/**
 * Values a backend might conflate or mangle, by family: every value round-trips and is its own
 * key and id, and a near-miss of a stored value finds nothing.
 */
export const adversarialCases: ConformanceCase[] = [
  ...Object.entries(NEAR_MISS_FAMILIES).flatMap(([family, values]) => familyCases(family, values)),
  {
    group: 'adversarial values',
    name: 'a pair key is the pair: clientId "a:b" + refreshToken "c" is not clientId "a" + refreshToken "b:c"',
    run: async (t) => {
      const store = await t.store();
      for (const separator of [':', '/', ',', '|', '\n', '\u0000', '{', '}', ' ', '.', '#']) {
        const one = await store.saveToken({
          clientId: `a${separator}b`,
          clientSecret: 's',
          refreshToken: 'c',
          grantToken: `g${separator}h`,
        });
        const two = await store.saveToken({
          clientId: 'a',
          clientSecret: 's',
          refreshToken: `b${separator}c`,
          grantToken: 'g',
        });
        const what = `separator ${JSON.stringify(separator)}`;
        assert.notEqual(one.id, two.id, `${what}: two tokens, not one update`);
        assert.equal(two.version, 1, `${what}: the second is an insert`);
        const find = (clientId: string, refreshToken: string) =>
          store.findToken({ clientId, clientSecret: 's', refreshToken });
        assertIsToken(await find(`a${separator}b`, 'c'), one.id, `${what}: first pair`);
        assertIsToken(await find('a', `b${separator}c`), two.id, `${what}: second pair`);
        assert.equal(await find(`a${separator}`, `b${separator}c`), null, `${what}: a third split`);
        await store.deleteTokens();
      }
    },
  },
  {
    group: 'adversarial values',
    name: 'lone surrogates are either rejected with INVALID_TOKEN or kept distinct and round-tripped',
    run: async (t) => {
      const store = await t.store();
      const accepted: string[] = [];
      for (const value of ['\ud800', '\udc00', 'x\ud83d', '\udfffx', '\ufffd']) {
        try {
          await store.saveToken(allFields(value));
          accepted.push(value);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          assert.equal(
            code,
            'INVALID_TOKEN',
            `${literal(value)}: rejected, but not as INVALID_TOKEN`,
          );
        }
      }
      for (const value of accepted) await assertFindsExactly(store, value, literal(value));
      assert.equal(
        (await store.getTokens()).length,
        accepted.length,
        'one token per accepted value',
      );
    },
  },
  {
    group: 'ids',
    name: 'ids that sort before any generated id are stored, found, listed and deleted like any other',
    run: async (t) => {
      const store = await t.store();
      for (const id of EARLY_IDS) await store.saveToken(t.token({ id }));
      for (let i = 0; i < 120; i++) await store.saveToken(t.token());
      for (const id of EARLY_IDS) assertIsToken(await store.findTokenById(id), id, literal(id));
      for (const pageSize of [undefined, 1, 5]) {
        const seen = new Map<string, number>();
        for await (const token of store.tokens(pageSize === undefined ? {} : { pageSize })) {
          seen.set(token.id, (seen.get(token.id) ?? 0) + 1);
        }
        for (const id of EARLY_IDS) {
          assert.equal(seen.get(id), 1, `pageSize ${pageSize}: ${literal(id)} listed once`);
        }
        assert.equal(seen.size, EARLY_IDS.length + 120, `pageSize ${pageSize}: every token`);
      }
      for (const id of EARLY_IDS) assert.equal(await store.deleteToken(id), true, literal(id));
      assert.equal((await store.getTokens()).length, 120, 'the others stay');
    },
  },
];
