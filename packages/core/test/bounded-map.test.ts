import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/bounded-map.js';

describe('BoundedMap', () => {
  it('keeps at most maxEntries: the first kept goes first, and is told of', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<number>({
      maxEntries: 3,
      onEvict: (key, value) => evicted.push(`${key}=${value}`),
    });
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) map.set(key, i);
    expect(map.size).toBe(3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.get('e')]).toEqual([
      undefined,
      undefined,
      2,
      4,
    ]);
    expect(evicted).toEqual(['a=0', 'b=1']);
  });

  it('a key set again keeps its place and its new value, and is not counted twice', () => {
    const map = new BoundedMap<string>({ maxEntries: 2 });
    expect(map.set('a', 'a1')).toBeUndefined();
    map.set('b', 'b1');
    expect(map.set('a', 'a2')).toBe('a1');
    expect(map.size).toBe(2);
    map.set('c', 'c1'); // 'a' was kept first: it goes, although it was set last but one
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([undefined, 'b1', 'c1']);
  });

  it('keeps at most maxSize of the sizes, but always the entry just set', () => {
    const map = new BoundedMap<string>({ maxEntries: 100, maxSize: 10, sizeOf: (v) => v.length });
    map.set('a', 'xxxx');
    map.set('b', 'xxxx');
    map.set('c', 'xxxx'); // 12 > 10: 'a' goes
    expect([map.get('a'), map.size]).toEqual([undefined, 2]);
    map.set('b', 'x'); // a smaller value counts as itself: 5, nothing goes
    map.set('d', 'xxxxx');
    expect(map.size).toBe(3);
    map.set('huge', 'x'.repeat(50)); // larger than the limit on its own: kept alone
    expect([map.size, map.get('huge')?.length]).toEqual([1, 50]);
  });

  it('delete and clear give back the room, and tell no one', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string>({
      maxEntries: 10,
      maxSize: 8,
      sizeOf: (v) => v.length,
      onEvict: (key) => evicted.push(key),
    });
    map.set('a', 'xxxx');
    expect(map.delete('a')).toBe('xxxx');
    expect(map.delete('a')).toBeUndefined();
    map.set('b', 'xxxx');
    map.set('c', 'xxxx');
    expect(map.size).toBe(2);
    map.clear();
    map.set('d', 'xxxxxxxx');
    expect([map.size, evicted]).toEqual([1, []]);
  });

  it('matches a model under any sequence of sets and deletes', () => {
    const op = fc.oneof(
      fc.record({ set: fc.constantFrom('a', 'b', 'c', 'd', 'e'), size: fc.nat(6) }),
      fc.record({ delete: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const map = new BoundedMap<number>({ maxEntries: 3, maxSize: 8, sizeOf: (v) => v });
        const model: [string, number][] = [];
        for (const o of ops) {
          if ('set' in o) {
            const at = model.findIndex(([key]) => key === o.set);
            if (at >= 0) model[at] = [o.set, o.size];
            else model.push([o.set, o.size]);
            map.set(o.set, o.size);
            const total = () => model.reduce((sum, [, size]) => sum + size, 0);
            for (let i = 0; (model.length > 3 || total() > 8) && i < model.length; ) {
              if (model[i]?.[0] === o.set) i++;
              else model.splice(i, 1);
            }
          } else {
            const at = model.findIndex(([key]) => key === o.delete);
            if (at >= 0) model.splice(at, 1);
            map.delete(o.delete);
          }
          expect(map.size).toBe(model.length);
          for (const [key, size] of model) expect(map.get(key)).toBe(size);
        }
      }),
    );
  });
});
