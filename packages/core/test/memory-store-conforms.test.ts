import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { byNamespace, runConformance } from '../src/conformance.js';

describe('runConformance', () => {
  it('passes every case on the reference memory store and names each case', async () => {
    const database = new MemoryDatabase();
    const result = await runConformance(
      byNamespace((namespace) => new MemoryTokenStore({ database, namespace })),
    );
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThan(40);
    expect(new Set(result.passed.map((r) => r.name)).size).toBe(result.passed.length);
  });

  it('skips only what a store declares it lacks, and fails persistence cases without reopen', async () => {
    const declared = await runConformance({
      create: () => new MemoryTokenStore(),
      capabilities: { persistence: false },
      filter: (c) => c.group === 'persistence',
    });
    expect(declared.skipped.map((r) => r.reason)).toEqual([
      'the store declares it lacks persistence',
      'the store declares it lacks persistence',
    ]);
    const undeclared = await runConformance({
      create: () => new MemoryTokenStore(),
      filter: (c) => c.group === 'persistence',
    });
    expect(undeclared.failed).toHaveLength(2);
    expect(String(undeclared.failed[0]?.error)).toMatch(/needs `reopen`/);
  });
});
