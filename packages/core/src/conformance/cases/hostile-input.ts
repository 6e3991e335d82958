import assert from 'node:assert/strict';
import type { TokenStore } from '../../store.js';
import type { TokenInput } from '../../token.js';
import { rejectsWith } from '../expect.js';
import { group } from './define.js';

/**
 * Inputs whose very reading throws: a getter, a Proxy trap (both throwing `thrown`), a revoked
 * Proxy (throwing a TypeError of its own: `undefined` stands for "any cause").
 */
function throwingInputs(base: TokenInput, thrown: unknown): [string, unknown, unknown][] {
  const getter = { ...base };
  Object.defineProperty(getter, 'accessToken', {
    enumerable: true,
    get() {
      throw thrown;
    },
  });
  const trap = new Proxy(base, {
    get() {
      throw thrown;
    },
  });
  const revocable = Proxy.revocable({ ...base }, {});
  revocable.revoke();
  return [
    ['a throwing getter', getter, thrown],
    ['a Proxy whose get throws', trap, thrown],
    ['a revoked Proxy', revocable.proxy, undefined],
  ];
}

async function assertEmpty(store: TokenStore, what: string): Promise<void> {
  assert.deepEqual(await store.getTokens(), [], `${what}: nothing may be written`);
}

/** Rejects with INVALID_TOKEN whose cause is `thrown` (when the input threw something). */
async function rejectsAsInvalid(work: Promise<unknown>, what: string, thrown?: unknown) {
  const error = await rejectsWith(work, 'INVALID_TOKEN', what);
  if (thrown !== undefined) assert.equal(error.cause, thrown, `${what}: the thrown value as cause`);
}

export const hostileInputCases = group('hostile input', {
  'a token that throws when read is INVALID_TOKEN with what it threw as cause': async (t) => {
    const store = await t.store();
    for (const thrown of [new Error('getter failed'), { code: 'DUPLICATE_KEY' }]) {
      const label = thrown instanceof Error ? 'an Error' : 'an object with a store error code';
      for (const [kind, input, cause] of throwingInputs(t.token(), thrown)) {
        const what = `${kind} (${label})`;
        await rejectsAsInvalid(store.saveToken(input as TokenInput), `saveToken: ${what}`, cause);
        await rejectsAsInvalid(store.findToken(input as TokenInput), `findToken: ${what}`, cause);
      }
    }
    await assertEmpty(store, 'after rejected saves');
  },

  'options that are null or throw when read are INVALID_TOKEN': async (t) => {
    const store = await t.store();
    const thrown = { code: 'VERSION_CONFLICT' };
    const options = Object.defineProperty({}, 'expectedVersion', {
      get() {
        throw thrown;
      },
    });
    await rejectsAsInvalid(
      store.saveToken(t.token(), null as unknown as undefined),
      'saveToken(token, null)',
    );
    await rejectsAsInvalid(
      store.saveToken(t.token(), options),
      'saveToken with a throwing options getter',
      thrown,
    );
    await assertEmpty(store, 'after rejected saves');
    const iterate = async (value: unknown) => {
      for await (const _ of store.tokens(value as undefined)) break;
    };
    await rejectsAsInvalid(iterate(null), 'tokens(null)');
    await rejectsAsInvalid(
      iterate(
        new Proxy(
          {},
          {
            get: () => {
              throw thrown;
            },
          },
        ),
      ),
      'tokens(throwing Proxy)',
      thrown,
    );
  },
});
