import assert from 'node:assert/strict';
import type { TokenStore } from '../store.js';
import type { TokenInput } from '../token.js';
import { assertOneTokenCounting } from './one-token.js';
import type { SaveOutcome } from './process-protocol.js';
import type { Capability } from './types.js';
import { otherUniqueKeys } from './unique-keys.js';
import { unique } from './values.js';
import { workerFailure } from './worker-error.js';

/** One case of runProcessConformance. */
export interface ProcessCase {
  name: string;
  requires?: Capability[];
  run: (run: CaseRun) => Promise<void>;
}

/** What a process case is given. */
export interface CaseRun {
  /** This process's own store on the case's namespace. */
  store: TokenStore;
  processes: number;
  saves: number;
  /**
   * Sends each process its inputs at the same moment; returns every outcome, the processes' one
   * after the other, each process's in the order of its inputs.
   */
  saveEverywhere: (
    inputs: (process: number) => TokenInput[],
    expectedVersion?: number,
  ) => Promise<SaveOutcome[]>;
}

type Saved = Extract<SaveOutcome, { ok: true }>;

function succeeded(outcomes: readonly SaveOutcome[]): Saved[] {
  return outcomes.filter((o): o is Saved => o.ok);
}

/** Every failed save must have `code`; otherwise fail with the worker's own error as cause. */
function assertOnlyCode(outcomes: readonly SaveOutcome[], code: string, what: string): void {
  for (const outcome of outcomes) {
    if (!outcome.ok && outcome.code !== code) {
      const expected = code === 'none' ? 'but' : `expected ${code}, but`;
      throw workerFailure(`${what}: ${expected} a worker's save failed with`, outcome.error);
    }
  }
}

/**
 * Saves per process of each key in the cases that race the keys other than userName: together
 * about as many as the userName case makes of its one key, so that racing three keys costs no
 * more than racing one (each lost race is a retry, seconds on a slow server). Two at least: a
 * process races the others and itself.
 */
function savesPerKey(saves: number, keys: number): number {
  return Math.max(2, Math.ceil(saves / keys));
}

/**
 * `rounds` rounds of one input per key, in key order: each process's first save of every key
 * comes early, while the other processes make theirs.
 */
function interleaved<K>(
  keys: readonly K[],
  rounds: number,
  input: (key: K, round: number) => TokenInput,
): TokenInput[] {
  return Array.from({ length: rounds }, (_, round) => keys.map((key) => input(key, round))).flat();
}

/** The outcomes of interleaved inputs, by key: saveEverywhere keeps each process's order. */
function byKey(outcomes: readonly SaveOutcome[], keys: number): SaveOutcome[][] {
  return Array.from({ length: keys }, (_, k) => outcomes.filter((_, i) => i % keys === k));
}

export const processCases: readonly ProcessCase[] = [
  {
    name: 'saves of distinct keys from several processes give one token each',
    run: async ({ store, processes, saves, saveEverywhere }) => {
      const outcomes = await saveEverywhere(() =>
        Array.from({ length: saves }, () => ({
          userName: unique('user'),
          accessToken: unique('a'),
        })),
      );
      assertOnlyCode(outcomes, 'none', 'every save resolves');
      assert.equal(
        new Set(succeeded(outcomes).map((o) => o.id)).size,
        processes * saves,
        'distinct ids',
      );
      assert.equal(
        (await store.getTokens()).length,
        processes * saves,
        'all visible to another process',
      );
    },
  },
  {
    name: 'inserts with expectedVersion 0 from several processes create exactly one token',
    run: async ({ store, saveEverywhere }) => {
      const userName = unique('user');
      const outcomes = await saveEverywhere(
        (p) => [
          { userName, accessToken: unique(`a${p}`) },
          { userName, accessToken: unique(`b${p}`) },
        ],
        0,
      );
      assert.equal(succeeded(outcomes).length, 1, 'exactly one insert wins');
      assertOnlyCode(outcomes, 'VERSION_CONFLICT', 'the others conflict');
      assert.equal((await store.getTokens()).length, 1, 'one token stored');
    },
  },
  // The cases above race userName: a store that checks the other unique keys with a read and
  // then a write outside its transaction (atomic in one process by a lock in memory) passes
  // them. Each key of otherUniqueKeys races here, as in the in-process concurrency cases.
  {
    name: 'inserts of different users sharing a unique value from several processes: exactly one succeeds',
    run: async ({ store, processes, saves, saveEverywhere }) => {
      const keys = otherUniqueKeys(unique).map((key) => ({
        ...key,
        value: unique(`shared-${key.label}`),
      }));
      const perKey = savesPerKey(saves, keys.length);
      const outcomes = await saveEverywhere((p) =>
        interleaved(keys, perKey, ({ fields, value }, round) => ({
          userName: unique(`user${p}-${round}`),
          ...fields(value),
        })),
      );
      for (const [k, ofKey] of byKey(outcomes, keys.length).entries()) {
        const what = keys[k]?.what;
        const inserts = processes * perKey;
        assert.equal(
          succeeded(ofKey).length,
          1,
          `${what}: exactly one of ${inserts} inserts from ${processes} processes wins`,
        );
        assertOnlyCode(ofKey, 'DUPLICATE_KEY', `${what}: the others are duplicates`);
      }
      assert.equal((await store.getTokens()).length, keys.length, 'one token per shared value');
    },
  },
  {
    name: 'saves of one key from several processes leave one token whose version counts them all',
    requires: ['atomicConditionalWrites'],
    run: async ({ store, processes, saves, saveEverywhere }) => {
      const userName = unique('user');
      const outcomes = await saveEverywhere((p) =>
        Array.from({ length: saves }, (_, i) => ({
          userName,
          accessToken: unique(`a${p}`),
          expiresAt: i,
        })),
      );
      assertOnlyCode(outcomes, 'none', 'every save resolves');
      assertOneTokenCounting(succeeded(outcomes), 'userName');
      const all = await store.getTokens();
      assert.equal(all.length, 1, 'exactly one token stored');
      assert.equal(all[0]?.version, processes * saves, 'its version counts every save');
    },
  },
  {
    name: 'saves of one key from several processes leave one token whose version counts them all, whichever lookup rule finds it',
    requires: ['atomicConditionalWrites'],
    run: async ({ store, processes, saves, saveEverywhere }) => {
      const keys = otherUniqueKeys(unique).map(({ what, label, fields }) => ({
        what,
        key: fields(unique(label)),
      }));
      const perKey = savesPerKey(saves, keys.length);
      const outcomes = await saveEverywhere((p) =>
        interleaved(keys, perKey, ({ key }, round) => ({ ...key, expiresAt: p * perKey + round })),
      );
      assertOnlyCode(outcomes, 'none', 'every save resolves');
      for (const [k, ofKey] of byKey(outcomes, keys.length).entries()) {
        assertOneTokenCounting(succeeded(ofKey), keys[k]?.what ?? '');
      }
      const all = await store.getTokens();
      assert.equal(all.length, keys.length, 'one token per key');
      assert.deepEqual(
        all.map((token) => token.version),
        keys.map(() => processes * perKey),
        'each version counts every save of its key',
      );
    },
  },
  {
    name: 'of saves with the same expectedVersion from several processes exactly one succeeds',
    requires: ['atomicConditionalWrites'],
    run: async ({ store, saveEverywhere }) => {
      const userName = unique('user');
      const saved = await store.saveToken({ userName, accessToken: unique('a') });
      const outcomes = await saveEverywhere(
        (p) => [
          { userName, expiresAt: p },
          { userName, expiresAt: p + 100 },
        ],
        1,
      );
      assert.equal(succeeded(outcomes).length, 1, 'exactly one wins');
      assertOnlyCode(outcomes, 'VERSION_CONFLICT', 'the others conflict');
      assert.equal((await store.findTokenById(saved.id))?.version, 2, 'one write happened');
    },
  },
];
