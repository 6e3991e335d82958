import { describe, expect, it } from 'vitest';
import { withDigestCache } from '../src/digest-cache.js';
import { digestKey } from '../src/key-digest.js';
import type { UniqueKey } from '../src/lookup-key.js';
import { plainCodec, type RecordCodec } from '../src/record-codec.js';

/** The plain codec, counting the digests it computes. */
function counting(): { codec: RecordCodec; computed: UniqueKey[] } {
  const computed: UniqueKey[] = [];
  const codec: RecordCodec = {
    ...plainCodec,
    digests: (key) => {
      computed.push(key);
      return plainCodec.digests(key);
    },
  };
  return { codec, computed };
}

describe('the digests a store keeps of the keys it looked up', () => {
  it('hashes a key once: the same kind and parts give the kept digests', () => {
    const { codec, computed } = counting();
    const cached = withDigestCache(codec);
    const key: UniqueKey = { kind: 'userName', parts: ['u'] };
    expect(cached.digests(key)).toEqual([digestKey(key)]);
    expect(cached.digests({ kind: 'userName', parts: ['u'] })).toEqual([digestKey(key)]);
    expect(computed).toHaveLength(1);
  });

  it('tells keys apart by kind and by each part', () => {
    const cached = withDigestCache(counting().codec);
    const keys: UniqueKey[] = [
      { kind: 'userName', parts: ['a'] },
      { kind: 'accessToken', parts: ['a'] },
      { kind: 'refreshToken', parts: ['c', 'r'] },
      { kind: 'refreshToken', parts: ['c,', 'r'] },
      { kind: 'refreshToken', parts: ['c', ',r'] },
      { kind: 'grantToken', parts: ['c', 'r'] },
    ];
    for (const key of keys) cached.digests(key);
    for (const key of keys) expect(cached.digests(key)).toEqual([digestKey(key)]);
    expect(new Set(keys.map((key) => cached.digests(key)[0])).size).toBe(keys.length);
  });

  it('keeps the last 1,024 keys of each kind: an older one is hashed again', () => {
    const { codec, computed } = counting();
    const cached = withDigestCache(codec);
    for (let i = 0; i <= 1_024; i++) {
      cached.digests({ kind: 'userName', parts: [`u${i}`] });
      cached.digests({ kind: 'userName', parts: [`u${i}`] }); // a hit: every miss is kept
    }
    cached.digests({ kind: 'accessToken', parts: ['u1'] }); // another kind's room
    cached.digests({ kind: 'userName', parts: ['u1024'] });
    cached.digests({ kind: 'userName', parts: ['u1'] });
    expect(computed).toHaveLength(1_026);
    cached.digests({ kind: 'userName', parts: ['u0'] });
    expect(computed).toHaveLength(1_027);
  });

  it("a token of one client is not another's: the pair's first part must match too", () => {
    const { codec, computed } = counting();
    const cached = withDigestCache(codec);
    const one: UniqueKey = { kind: 'refreshToken', parts: ['client1', 'r'] };
    const other: UniqueKey = { kind: 'refreshToken', parts: ['client2', 'r'] };
    const alone: UniqueKey = { kind: 'refreshToken', parts: ['r'] };
    expect(cached.digests(one)).toEqual([digestKey(one)]);
    expect(cached.digests(other)).toEqual([digestKey(other)]);
    expect(cached.digests(alone)).toEqual([digestKey(alone)]);
    expect(cached.digests(alone)).toEqual([digestKey(alone)]);
    expect(computed).toEqual([one, other, alone]);
  });

  it('hashes keys of unknown kinds or of more than two parts every time', () => {
    const { codec, computed } = counting();
    const cached = withDigestCache(codec);
    const odd = { kind: 'constructor', parts: ['x'] } as unknown as UniqueKey;
    const long: UniqueKey = { kind: 'grantToken', parts: ['a', 'b', 'c'] };
    for (const key of [odd, odd, long, long]) expect(cached.digests(key)).toEqual([digestKey(key)]);
    expect(computed).toHaveLength(4);
  });

  it('hands out digests nobody can change', () => {
    const cached = withDigestCache(counting().codec);
    const key: UniqueKey = { kind: 'userName', parts: ['u'] };
    const digests = cached.digests(key);
    expect(() => digests.push('x')).toThrow(TypeError);
    expect(cached.digests(key)).toEqual([digestKey(key)]);
  });

  it('while lookups keep missing, keeps some keys: one looked up again and again gets kept', () => {
    const { codec, computed } = counting();
    const cached = withDigestCache(codec);
    // 4,096 keys in turn, four times, against 1,024 kept: almost every lookup misses.
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 4_096; i++) cached.digests({ kind: 'userName', parts: [`u${i}`] });
    }
    expect(computed.length).toBeGreaterThan(4 * 4_096 * 0.75);
    expect(computed.length).toBeLessThan(4 * 4_096);
    const hot: UniqueKey = { kind: 'userName', parts: ['hot'] };
    const before = computed.length;
    for (let i = 0; i < 64; i++) cached.digests(hot);
    const hashed = computed.length - before;
    expect(hashed).toBeGreaterThanOrEqual(1);
    expect(hashed).toBeLessThanOrEqual(16);
    for (let i = 0; i < 64; i++) expect(cached.digests(hot)).toEqual([digestKey(hot)]);
    expect(computed.length - before).toBe(hashed);
  });
});
