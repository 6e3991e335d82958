import { describe, expect, it } from 'vitest';
import { measurePair } from '../src/measure.js';

function spin(microseconds: number): void {
  const until = performance.now() + microseconds / 1e3;
  while (performance.now() < until) {}
}

describe('measurePair', () => {
  it('gives both variants the same rounds, also when one is much cheaper', async () => {
    // The store ten times slower than raw: raw must not run on alone once the store's time
    // budget is used, or the overall ratio compares rounds that did not run side by side.
    const sample = await measurePair(
      () => spin(200),
      () => spin(20),
      { warmupOps: 5, timeMs: 40, maxOps: 100_000, roundOps: 10 },
    );
    expect(sample.store.ops).toBeGreaterThan(0);
    expect(sample.raw.ops).toBe(sample.store.ops);
    expect(sample.blockRatios?.length).toBeGreaterThan(0);
    for (const ratio of sample.blockRatios ?? []) expect(ratio).toBeGreaterThan(2);
  });
});
